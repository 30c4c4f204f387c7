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
import java.util.List;
import java.util.Map;
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

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
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
