package io.jdtail.sink.graphite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real carbon-cache (Debian package {@code graphite-carbon}) run by a test: its own
 * carbon.conf, storage-schemas.conf (1-second points kept for an hour) and data directory under
 * a temporary directory, listening on 127.0.0.1 only, in the foreground as a child process.
 * Values are read back with {@code whisper-fetch} (package {@code python3-whisper}).
 * Public, and shipped in this module's test-jar, for the server's continuous-job tests.
 */
public final class Carbon implements AutoCloseable {

    public static final String INSTALL_HINT = "the Graphite tests need a real carbon-cache: install the Debian packages"
            + " graphite-carbon and python3-whisper (apt-get install -y graphite-carbon python3-whisper),"
            + " or point the environment variables CARBON_CACHE and WHISPER_FETCH at the programs";

    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    private final Path dir;
    private final Path whisperDir;
    private final Path conf;
    private final Path pidFile;
    private final Path log;
    public final int linePort;
    private Process process;

    public Carbon(Path dir) throws IOException {
        this.dir = dir;
        this.whisperDir = Files.createDirectories(dir.resolve("whisper"));
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Path logDir = Files.createDirectories(dir.resolve("log"));
        Path runDir = Files.createDirectories(dir.resolve("run"));
        this.pidFile = runDir.resolve("carbon-cache.pid");
        this.log = logDir.resolve("console.log");
        int[] ports = freePorts(3);
        this.linePort = ports[0];
        this.conf = confDir.resolve("carbon.conf");
        Files.writeString(conf, String.join("\n",
                "[cache]",
                "STORAGE_DIR = " + storage + "/",
                "LOCAL_DATA_DIR = " + whisperDir + "/",
                "WHISPER_DIR = " + whisperDir + "/",
                "CONF_DIR = " + confDir + "/",
                "LOG_DIR = " + logDir + "/",
                "PID_DIR = " + runDir + "/",
                "USER =",
                "DATABASE = whisper",
                "ENABLE_LOGROTATION = False",
                "MAX_CACHE_SIZE = inf",
                "MAX_UPDATES_PER_SECOND = inf",
                "MAX_CREATES_PER_MINUTE = inf",
                "WHISPER_AUTOFLUSH = True",
                "LINE_RECEIVER_INTERFACE = 127.0.0.1",
                "LINE_RECEIVER_PORT = " + ports[0],
                "ENABLE_UDP_LISTENER = False",
                "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
                "PICKLE_RECEIVER_PORT = " + ports[1],
                "CACHE_QUERY_INTERFACE = 127.0.0.1",
                "CACHE_QUERY_PORT = " + ports[2],
                "ENABLE_MANHOLE = False",
                "ENABLE_TAGS = False",
                "LOG_LISTENER_CONN_SUCCESS = True",
                "") + "\n");
        Files.writeString(confDir.resolve("storage-schemas.conf"),
                "[everything]\npattern = .*\nretentions = 1s:1h\n");
    }

    /** Fails the test (never skips it) when carbon or whisper-fetch is missing. */
    public static void requireInstalled() {
        carbonCache();
        whisperFetch();
    }

    public static Path carbonCache() {
        return program("CARBON_CACHE", "carbon-cache");
    }

    public static Path whisperFetch() {
        return program("WHISPER_FETCH", "whisper-fetch", "whisper-fetch.py");
    }

    private static Path program(String env, String... names) {
        String override = System.getenv(env);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (Files.isExecutable(p)) {
                return p;
            }
            fail(env + "=" + override + " is not an executable file; " + INSTALL_HINT);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        for (String name : names) {
            for (String d : dirs) {
                if (d.isEmpty()) {
                    continue;
                }
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail(String.join(" / ", names) + " not found on PATH; " + INSTALL_HINT);
    }

    /**
     * Free ports below the kernel's ephemeral range: carbon is started again on the same port after a kill, and
     * meanwhile no outgoing connection (of this JVM, such as the sink reconnecting to the port itself, or of
     * another process) can be given that port as its own, which made the restart fail with "Address already in
     * use". Only a program binding exactly that port could take it.
     */
    private static int[] freePorts(int n) throws IOException {
        int ephemeralStart = ephemeralRangeStart();
        int lowest = 10_000;
        Random random = new Random();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0, tries = 0; i < n; tries++) {
                if (tries >= 1_000) {
                    throw new IOException("no free port between " + lowest + " and " + ephemeralStart + " in 1000 tries");
                }
                int port = lowest + random.nextInt(ephemeralStart - lowest);
                try {
                    ServerSocket s = new ServerSocket();
                    sockets.add(s);
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                    ports[i++] = port;
                } catch (IOException inUse) {
                    // taken: another try
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    /** The first port of the kernel's ephemeral range (32768 where it cannot be read). */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
            return Math.max(10_100, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Starts carbon-cache and waits (bounded) until its line receiver accepts connections. */
    public void start() throws IOException, InterruptedException {
        Files.deleteIfExists(pidFile); // a killed carbon leaves its pid file behind
        // carbon logs when its listeners start: each write to its log is a moment to try the port
        try (DirectoryChanges logChanges = new DirectoryChanges(log.getParent())) {
            startAndAwaitListening(logChanges);
        }
    }

    private void startAndAwaitListening(DirectoryChanges logChanges) throws IOException, InterruptedException {
        process = new ProcessBuilder(carbonCache().toString(), "--config=" + conf, "--nodaemon",
                "--logfile=-", "--pidfile=" + pidFile, "start")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        // should the test JVM die first, carbon must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }));
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            if (!process.isAlive()) {
                fail("carbon-cache exited with status " + process.exitValue() + " at start:\n" + logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", linePort), 500);
                return;
            } catch (IOException notYet) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !logChanges.await(Duration.ofNanos(left))) {
                    break;
                }
            }
        }
        fail("carbon-cache did not listen on 127.0.0.1:" + linePort + " within " + START_LIMIT + ":\n" + logTail());
    }

    /** Watches the whisper files: a change is when carbon may have stored new points. */
    public DirectoryChanges storageChanges() throws IOException {
        return new DirectoryChanges(whisperDir);
    }

    /** Kills carbon hard (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("carbon-cache did not die within " + STOP_LIMIT);
        }
        process = null;
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public Path whisperFile(String metric) {
        return whisperDir.resolve(metric.replace('.', '/') + ".wsp");
    }

    /** The stored points of a metric from {@code from} (exclusive) to {@code until}; missing ones left out. */
    public Map<Long, Double> fetch(String metric, long from, long until) throws IOException, InterruptedException {
        Path file = whisperFile(metric);
        Map<Long, Double> points = new TreeMap<>();
        if (!Files.exists(file)) {
            return points;
        }
        Process p = new ProcessBuilder(whisperFetch().toString(), "--from=" + from, "--until=" + until, file.toString())
                .redirectErrorStream(true)
                .start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), UTF_8);
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("whisper-fetch did not finish within 20 s");
        }
        if (p.exitValue() != 0) {
            fail("whisper-fetch " + file + " failed (" + p.exitValue() + "):\n" + out);
        }
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && !f[1].equals("None")) {
                points.put(Long.parseLong(f[0]), Double.parseDouble(f[1]));
            }
        }
        return points;
    }

    /** Reads whisper files as whisper-fetch does, several in one run: "metric TAB timestamp TAB value" a point. */
    private static final String FETCH_ALL = String.join("\n",
            "import sys, whisper",
            "start, until = int(sys.argv[1]), int(sys.argv[2])",
            "for metric, path in zip(sys.argv[3::2], sys.argv[4::2]):",
            "    (first, end, step), values = whisper.fetch(path, start, until)",
            "    for i, value in enumerate(values):",
            "        if value is not None:",
            "            print('%s\\t%d\\t%f' % (metric, first + i * step, value))");

    /**
     * The stored points of each of {@code metrics}, as {@link #fetch} gives them (the same whisper module, values
     * printed as whisper-fetch prints them), read by one run of whisper-fetch's own Python: a test that checks a
     * dozen metrics starts one process rather than a dozen, which on a loaded machine is seconds.
     */
    public Map<String, Map<Long, Double>> fetchAll(Collection<String> metrics, long from, long until)
            throws IOException, InterruptedException {
        Map<String, Map<Long, Double>> points = new TreeMap<>();
        List<String> command = new ArrayList<>(whisperFetchInterpreter());
        command.addAll(List.of("-c", FETCH_ALL, Long.toString(from), Long.toString(until)));
        for (String metric : metrics) {
            points.put(metric, new TreeMap<>());
            if (Files.exists(whisperFile(metric))) {
                command.add(metric);
                command.add(whisperFile(metric).toString());
            }
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), UTF_8);
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("reading " + metrics.size() + " whisper files did not finish within 20 s");
        }
        if (p.exitValue() != 0) {
            fail("reading whisper files with " + command.getFirst() + " failed (" + p.exitValue() + "):\n" + out);
        }
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 3) {
                points.get(f[0]).put(Long.parseLong(f[1]), Double.parseDouble(f[2]));
            }
        }
        return points;
    }

    /** The interpreter whisper-fetch runs with (its #! line), which has the whisper module. */
    private static List<String> whisperFetchInterpreter() throws IOException {
        Path program = whisperFetch();
        String first;
        try (var lines = Files.lines(program, UTF_8)) {
            first = lines.findFirst().orElse("");
        } catch (java.io.UncheckedIOException e) { // a binary program: no lines to speak of
            first = "";
        }
        if (!first.startsWith("#!") || !first.contains("python")) {
            return fail(program + " is not a Python script (its first line: " + first + "); the Graphite tests read"
                    + " whisper files with the Python that runs whisper-fetch");
        }
        return List.of(first.substring(2).strip().split("\\s+"));
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public Path directory() {
        return dir;
    }
}
