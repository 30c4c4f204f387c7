package io.jdtail.server.e2e;

import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSettings;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import io.jdtail.server.ssh.PreAuthLimits;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Not a test: one client (one {@link RemoteRun}, one SSH client) opening 1,000 sessions, {@code servers} dservers
 * x {@code perServer} sessions each, every session a tiny dcat. The dservers run in a child JVM so that the heap
 * figures are the client's alone. Before they report ready, the child warms them up with the same 1,000 sessions
 * from a client of its own: dservers are long-running processes, so round 1 measures a fresh client against warm
 * servers (the client's own cold start), and the later rounds a warm client.
 *
 * <pre>
 *   java -cp TEST_CLASSPATH io.jdtail.server.e2e.SessionsBench [servers [perServer [rounds]]]
 * </pre>
 */
public final class SessionsBench {

    /** The client key and the tiny file, in the bench's directory, where the child finds them too. */
    static final String KEY_FILE = "id_ed25519";
    static final String TINY_FILE = "tiny.log";

    private SessionsBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--serve")) {
            serve(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : Integer.parseInt(args[3]), args.length > 5 ? args[5] : "");
            return;
        }
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int perServer = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("jdtail-sessions-bench");
        try {
            bench(dir, servers, perServer, rounds);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void bench(Path dir, int servers, int perServer, int rounds) throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        KeyPair key = E2eServers.ed25519();
        E2eServers.writePrivateKey(dir.resolve(KEY_FILE), key);
        Files.writeString(cache.resolve(System.getProperty("user.name") + ".authorized_keys"),
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(key.getPublic()) + " bench\n");
        Files.setPosixFilePermissions(cache.resolve(System.getProperty("user.name") + ".authorized_keys"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        StringBuilder tiny = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            tiny.append("tiny line ").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve(TINY_FILE), tiny);

        Child child = Child.start(List.of("-Xmx1g"), SessionsBench.class, "--serve", dir.toString(),
                Integer.toString(servers), Integer.toString(perServer));
        try {
            List<Integer> ports = child.ports();
            if (ports.size() != servers) {
                throw new IllegalStateException("the server process started " + ports.size() + " of " + servers + " servers");
            }
            List<ServerAddress> targets = targets(ports, perServer);
            RemoteSettings settings = settings(dir, "known_hosts");
            System.out.printf("%d sessions = %d servers x %d, each a dcat of a 10-line file; %d CPUs, %d opened at once%n",
                    targets.size(), servers, perServer, Runtime.getRuntime().availableProcessors(), settings.connectionsAtOnce());
            for (int round = 1; round <= rounds; round++) {
                long clientCpu0 = cpuNanos(ProcessHandle.current());
                long serverCpu0 = cpuNanos(child.process().toHandle());
                runOnce(round, settings, targets, file);
                System.out.printf("         CPU: client process %d ms, server process %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(cpuNanos(ProcessHandle.current()) - clientCpu0),
                        TimeUnit.NANOSECONDS.toMillis(cpuNanos(child.process().toHandle()) - serverCpu0));
            }
        } finally {
            child.close();
        }
    }

    /**
     * A child JVM on this class path running {@code main} of {@code mainClass} with {@code args}: it prints
     * {@code PORT n} for each server it started, then {@code READY}, and runs until its stdin ends ({@link #close}).
     * What it prints after READY is read only by {@link #ask} (a child must not print more
     * than a pipe holds unasked).
     */
    record Child(Process process, List<Integer> ports, BufferedReader out) implements AutoCloseable {

        static Child start(List<String> jvmFlags, Class<?> mainClass, String... args) throws java.io.IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED"));
            command.addAll(jvmFlags);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<Integer> ports = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            boolean ready = false;
            for (String line; !ready && (line = r.readLine()) != null; ) {
                ready = line.equals("READY");
                if (line.startsWith("PORT ")) {
                    ports.add(Integer.parseInt(line.substring(5)));
                }
            }
            if (!ready) {
                // e.g. its warm-up failed: the child's stack trace is on stderr above
                process.destroyForcibly();
                throw new IllegalStateException("the server process ended before it was ready");
            }
            return new Child(process, List.copyOf(ports), r);
        }

        /** Sends {@code line} to the child and reads its one-line answer. */
        String ask(String line) throws java.io.IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            return out.readLine();
        }

        @Override
        public void close() throws java.io.IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void runOnce(int round, RemoteSettings settings, List<ServerAddress> targets, Path file) throws Exception {
        System.gc();
        Thread.sleep(200);
        long before = heapUsed();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        CountingSink sink = new CountingSink();
        long t0 = System.nanoTime();
        List<ServerFailure> failed;
        long afterRun;
        try (RemoteRun run = new RemoteRun(settings, sink, HostPrompt.REFUSE)) {
            failed = run.run(targets, E2eServers.cat(file.toString()), () -> false);
            afterRun = heapUsed();
        }
        long wall = System.nanoTime() - t0;
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        Thread.sleep(200);
        long retained = heapUsed();
        System.out.printf("round %d: wall %d ms; %d lines (expected %d), %d problems, %d servers failed%s;"
                        + " client heap: %.1f MB before, peak %.1f MB (sum of pool peaks), %.1f MB at the end of the run,"
                        + " %.1f MB retained after close+GC%n",
                round, TimeUnit.NANOSECONDS.toMillis(wall), sink.lineCount.get(), 10L * targets.size(), sink.problemCount.get(), failed.size(),
                failed.isEmpty() ? "" : " " + failed.stream().map(ServerFailure::reason).distinct().limit(3).toList(),
                mb(before), mb(peak), mb(afterRun), mb(retained));
    }

    static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /**
     * The child's own client runs {@code perServer} tiny dcats against each server, as the measured client will,
     * so that the servers' code is compiled before round 1. Any failure ends the child: a bench against servers
     * that refuse would measure nothing.
     */
    private static void warmUp(Path dir, List<Dserver> servers, int perServer) throws Exception {
        CountingSink sink = new CountingSink();
        List<ServerFailure> failed;
        try (RemoteRun run = new RemoteRun(settings(dir, "known_hosts-warm-up"), sink, HostPrompt.REFUSE)) {
            failed = run.run(targets(servers.stream().map(Dserver::port).toList(), perServer),
                    E2eServers.cat(dir.resolve(TINY_FILE).toString()), () -> false);
        }
        if (!failed.isEmpty() || sink.problemCount.get() > 0) {
            throw new IllegalStateException("warming the servers up failed: " + sink.problemCount.get() + " problems, " + failed);
        }
    }

    /** {@code perServer} sessions to each port, the ports taking turns. */
    static List<ServerAddress> targets(List<Integer> ports, int perServer) {
        List<ServerAddress> targets = new ArrayList<>();
        for (int i = 0; i < perServer; i++) {
            for (int p : ports) {
                targets.add(new ServerAddress("127.0.0.1", p));
            }
        }
        return targets;
    }

    /** The bench key, every host trusted into {@code knownHosts} of {@code dir}, 10 sessions per CPU opened at once. */
    static RemoteSettings settings(Path dir, String knownHosts) {
        return new RemoteSettings(System.getProperty("user.name"), List.of(dir.resolve(KEY_FILE)), dir.resolve(knownHosts), true,
                10 * Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(30), Duration.ZERO);
    }

    /** Counts the lines and problems the servers send. */
    static final class CountingSink extends E2eServers.RecordingSink {
        final AtomicLong lineCount = new AtomicLong();
        final AtomicLong problemCount = new AtomicLong();

        @Override
        void line(ServerAddress s, io.jdtail.engine.wire.Messages.Line l) {
            lineCount.incrementAndGet();
        }

        @Override
        public void problem(ServerAddress s, String message) {
            problemCount.incrementAndGet();
        }
    }

    /**
     * The child: {@code n} dservers sharing the CacheDir of {@code dir}, each taking {@code perServer} sessions at once,
     * with {@code serverJson} added to their Server section; warmed up with {@code warmUp} sessions each, prints their
     * ports, runs until stdin ends.
     */
    private static void serve(Path dir, int n, int perServer, int warmUp, String serverJson) throws Exception {
        int maxConnections = n * perServer;
        List<Dserver> running = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String json = "{\"Common\": {\"CacheDir\": " + E2eServers.quote(dir.resolve("cache").toString()) + "},"
                    + " \"Server\": {\"HostKeyFile\": " + E2eServers.quote(dir.resolve("hostkey-" + i).toString())
                    + ", \"MaxConnections\": " + maxConnections + ", \"MaxConcurrentCats\": " + maxConnections
                    + (serverJson.isBlank() ? "" : ", " + serverJson) + "}}";
            DtailConfig config = ConfigLoader.parse(json, "bench").config();
            // every client of the bench (the client, the relays) comes from 127.0.0.1, where a fleet's relays each have
            // an address of their own: the per-address limit on logins in progress (32) would refuse the relays' 200
            Dserver d = Dserver.start(config, DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0)
                            .withPreAuthLimits(new PreAuthLimits(1024, 1024)),
                    new PlanSessionHandler(config, new HostContext("bench-" + i, ZoneId.of("UTC"))));
            running.add(d);
            System.out.println("PORT " + d.port());
        }
        warmUp(dir, running, warmUp);
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our stdin
        }
        running.forEach(Dserver::stop);
    }
}
