package io.jdtail.server.e2e;

import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.wire.Messages;
import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RelayRoutes;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSettings;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import io.jdtail.server.e2e.SessionsBench.Child;
import io.jdtail.server.job.JobIdentity;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Not a test: one client reaching {@code sessions} servers directly, then through {@code relays} relays, in turns. The
 * "servers" are {@code leaves} dservers in one child JVM, each asked {@code sessions / leaves} times (a session each,
 * a dcat of a 10-line file), so that a few processes stand in for a fleet; every relay is a dserver with
 * {@code Server.Relay} in a JVM of its own, so that its heap and resident memory are its own. Each round prints the
 * wall time, the lines received, the client's heap peak and resident-memory peak, and each relay's.
 *
 * <pre>
 *   java -cp TEST_CLASSPATH io.jdtail.server.e2e.RelayBench [sessions [relays [leaves [rounds]]]]
 * </pre>
 */
public final class RelayBench {

    /** The relays' JVM heap limit, as a dserver's launcher would give it. */
    private static final String RELAY_HEAP = "-Xmx512m";

    private RelayBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--relay")) {
            relay(Path.of(args[1]), args[2]);
            return;
        }
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int relays = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int leaves = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Path dir = Files.createTempDirectory("jdtail-relay-bench");
        try {
            bench(dir, sessions, relays, leaves, rounds);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void bench(Path dir, int sessions, int relayCount, int leafCount, int rounds) throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        KeyPair key = E2eServers.ed25519();
        E2eServers.writePrivateKey(dir.resolve(SessionsBench.KEY_FILE), key);
        owner(cache.resolve(System.getProperty("user.name") + ".authorized_keys"),
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(key.getPublic()) + " bench\n");
        // the relays' key pair (one CacheDir for all), trusted by the leaves from 127.0.0.1
        owner(cache.resolve("relays.authorized_keys"), JobIdentity.load(cache).authorizedKeysLine() + "\n");
        StringBuilder tiny = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            tiny.append("tiny line ").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve(SessionsBench.TINY_FILE), tiny);
        int perLeaf = (sessions + leafCount - 1) / leafCount;

        List<Child> relayChildren = new ArrayList<>();
        try (Child leafChild = Child.start(List.of("-Xmx1g"), SessionsBench.class, "--serve", dir.toString(),
                Integer.toString(leafCount), Integer.toString(perLeaf), "250", "\"RelayAllowFrom\": [\"127.0.0.1\"]")) {
            for (int i = 0; i < relayCount; i++) {
                relayChildren.add(Child.start(List.of(RELAY_HEAP), RelayBench.class, "--relay", dir.toString(), "relay-" + i));
            }
            List<ServerAddress> targets = SessionsBench.targets(leafChild.ports(), perLeaf).subList(0, sessions);
            List<ServerAddress> relays = relayChildren.stream().map(c -> new ServerAddress("127.0.0.1", c.ports().getFirst())).toList();
            RemoteSettings settings = SessionsBench.settings(dir, "known_hosts");
            System.out.printf("%,d sessions (%d leaf dservers x %,d), each a dcat of a 10-line file; %d relays; %d CPUs,"
                            + " %d sessions opened at once by the client and by each relay; relays %s%n", targets.size(),
                    leafCount, perLeaf, relayCount, Runtime.getRuntime().availableProcessors(), settings.connectionsAtOnce(),
                    RELAY_HEAP);
            for (int round = 1; round <= rounds; round++) {
                runOnce("direct", round, settings, RelayRoutes.of(List.of(), targets), relayChildren, leafChild);
                runOnce("through " + relayCount + " relays", round, settings, RelayRoutes.of(List.of(relays), targets),
                        relayChildren, leafChild);
            }
        } finally {
            for (Child c : relayChildren) {
                c.close();
            }
        }
    }

    private static void owner(Path file, String content) throws java.io.IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static void runOnce(String how, int round, RemoteSettings settings, List<Messages.Downstream> route,
                                List<Child> relays, Child leaves) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        resetPeakRss(ProcessHandle.current().pid());
        for (Child r : relays) {
            r.ask("RESET");
        }
        long clientCpu0 = SessionsBench.cpuNanos(ProcessHandle.current());
        long leavesCpu0 = SessionsBench.cpuNanos(leaves.process().toHandle());
        List<Long> relaysCpu0 = relays.stream().map(r -> SessionsBench.cpuNanos(r.process().toHandle())).toList();
        SessionsBench.CountingSink sink = new SessionsBench.CountingSink();
        long t0 = System.nanoTime();
        List<ServerFailure> failed;
        try (RemoteRun run = new RemoteRun(settings, sink, HostPrompt.REFUSE)) {
            failed = run.route(route, E2eServers.cat(tinyFile(settings)), () -> false);
        }
        long wall = System.nanoTime() - t0;
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long relaysCpu = 0;
        for (int i = 0; i < relays.size(); i++) {
            relaysCpu += SessionsBench.cpuNanos(relays.get(i).process().toHandle()) - relaysCpu0.get(i);
        }
        int sessions = route.stream().mapToInt(d -> d.leaves().size()).sum();
        // every session either answered (its 10 lines) or is one of the failures: nothing is lost without a word
        long accounted = 10L * (sessions - failed.size());
        System.out.printf("%s, round %d: wall %,d ms; %,d lines (expected %,d; %,d from the sessions that answered: %s),"
                        + " %d problems, %d failed%s;"
                        + " client: heap peak %.1f MB, RSS peak %.1f MB, CPU %,d ms; leaves' CPU %,d ms; relays' CPU %,d ms%n",
                how, round, TimeUnit.NANOSECONDS.toMillis(wall), sink.lineCount.get(), 10L * sessions, accounted,
                sink.lineCount.get() == accounted ? "all accounted for" : "LINES MISSING WITHOUT A FAILURE",
                sink.problemCount.get(), failed.size(),
                failed.isEmpty() ? "" : " " + failed.stream().map(ServerFailure::reason).distinct().limit(3).toList(),
                SessionsBench.mb(peak), peakRssKb(ProcessHandle.current().pid()) / 1024.0,
                TimeUnit.NANOSECONDS.toMillis(SessionsBench.cpuNanos(ProcessHandle.current()) - clientCpu0),
                TimeUnit.NANOSECONDS.toMillis(SessionsBench.cpuNanos(leaves.process().toHandle()) - leavesCpu0),
                TimeUnit.NANOSECONDS.toMillis(relaysCpu));
        if (!how.equals("direct")) {
            List<String> each = new ArrayList<>();
            for (Child r : relays) {
                each.add(r.ask("MEM"));
            }
            System.out.println("    relays (heap peak MB / RSS peak MB): " + String.join(", ", each));
        }
    }

    /** The bench's tiny file, next to the key the settings offer. */
    private static String tinyFile(RemoteSettings settings) {
        return settings.keys().getFirst().resolveSibling(SessionsBench.TINY_FILE).toString();
    }

    /** Sets the process's peak resident memory (VmHWM) back to its current resident memory. */
    static void resetPeakRss(long pid) throws java.io.IOException {
        Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
    }

    /** The process's peak resident memory (VmHWM) in kB. */
    static long peakRssKb(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
    }

    /**
     * A relay's child: one dserver with {@code Server.Relay} on the bench's CacheDir; prints its port and READY, then
     * answers {@code RESET} (heap and resident-memory peaks back to now) and {@code MEM} (those peaks) until stdin ends.
     */
    private static void relay(Path dir, String name) throws Exception {
        String json = "{\"Common\": {\"CacheDir\": " + E2eServers.quote(dir.resolve("cache").toString()) + "},"
                + " \"Server\": {\"HostKeyFile\": " + E2eServers.quote(dir.resolve("hostkey-" + name).toString())
                + ", \"Relay\": true}}";
        DtailConfig config = ConfigLoader.parse(json, "bench").config();
        Dserver d = Dserver.start(config, DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0),
                new PlanSessionHandler(config, new HostContext(name, ZoneId.of("UTC"))));
        System.out.println("PORT " + d.port());
        System.out.println("READY");
        System.out.flush();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long pid = ProcessHandle.current().pid();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("RESET")) {
                System.gc();
                heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
                resetPeakRss(pid);
                System.out.println("OK");
            } else {
                long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf("%.1f / %.1f%n", SessionsBench.mb(peak), peakRssKb(pid) / 1024.0);
            }
            System.out.flush();
        }
        d.stop();
    }
}
