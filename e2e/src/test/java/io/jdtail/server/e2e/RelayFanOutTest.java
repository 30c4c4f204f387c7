package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.ClientCommand;
import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.cli.Interruption;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RelayRoutes;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.RelayFailure;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.job.JobIdentity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through relays, on real dservers on 127.0.0.1: the real clients with {@code --relays} print what they print
 * when they connect to the servers directly (dcat and dgrep: the same lines per server, in order; dmap and
 * {@code dtail --query}: the same table), through one relay and through two one behind the other; the servers behind
 * a relay apply the user's own rules; a server that does not trust the relay, a relay that is not one, and a relay
 * killed in the middle of a request fail their servers, by name and count, while the others' results stand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayFanOutTest {

    static final String QUERY = "from REQUEST select status,count($line),avg(latency),max(latency) group by status"
            + " order by count($line)";
    static final String TRUSTS_RELAYS = "\"RelayAllowFrom\": [\"127.0.0.1\"], "
            + "\"Permissions\": {\"Default\": [\"readfiles:^/\"], \"nobody\": [\"readfiles:^/\", \"!readfiles:ruled-out\"]}";

    E2eServers fixture;
    Path dir;
    Path log;
    Path secret;
    Path ruledOut;
    Path nobodyKey;
    Server leaf1;
    Server leaf2;
    Server relayA;
    Server relayB;
    Server distrustingLeaf;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        dir = tmp.toRealPath();
        fixture = new E2eServers(dir);
        Path logs = RelayTrustTest.logsEveryoneMayEnter(dir);
        log = Files.copy(Path.of(System.getProperty("user.dir")).resolveSibling("samples").resolve("sample.log"),
                logs.resolve("sample.log"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        secret = RelayTrustTest.file(logs.resolve("secret.log"), "SECRET 1\n", "rw-------");
        ruledOut = RelayTrustTest.file(logs.resolve("ruled-out.log"), "RULED OUT 1\n", "rw-r--r--");
        // the relays' key pair (all servers here share one CacheDir), listed where the leaves look for relays' keys
        JobIdentity relayKey = JobIdentity.load(fixture.cacheDir);
        RelayTrustTest.file(fixture.cacheDir.resolve("relays.authorized_keys"), relayKey.authorizedKeysLine() + "\n", "rw-------");
        KeyPair nobody = E2eServers.ed25519();
        nobodyKey = E2eServers.writePrivateKey(dir.resolve("keys").resolve("nobody_ed25519"), nobody);
        fixture.authorize("nobody", nobody);

        leaf1 = fixture.start("e2e-leaf1", TRUSTS_RELAYS);
        leaf2 = fixture.start("e2e-leaf2", TRUSTS_RELAYS);
        // a relay trusts relays too, so that it can stand behind another one
        relayA = fixture.start("e2e-relay-a", "\"Relay\": true, " + TRUSTS_RELAYS);
        relayB = fixture.start("e2e-relay-b", "\"Relay\": true, " + TRUSTS_RELAYS);
        distrustingLeaf = fixture.start("e2e-distrusting-leaf", "");
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    /** {@code --relays} once per list of {@code levels}, then {@code rest}. */
    String[] relayArgs(List<List<Server>> levels, List<Server> servers, String... rest) {
        List<String> args = new ArrayList<>();
        for (List<Server> level : levels) {
            args.add("--relays");
            args.add(E2eServers.serversFlag(level));
        }
        Collections.addAll(args, fixture.remoteArgs(servers, rest));
        return args.toArray(String[]::new);
    }

    static List<String> sorted(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        Collections.sort(lines);
        return lines;
    }

    /** Runs the command directly and through the relays; both must succeed and print the same lines. */
    void assertSameThroughRelays(java.util.function.Supplier<ClientCommand> command, List<List<Server>> levels,
                                 String... rest) {
        List<Server> leaves = List.of(leaf1, leaf2);
        Outcome direct = E2eServers.execute(command.get(), fixture.remoteArgs(leaves, rest));
        Outcome relayed = E2eServers.execute(command.get(), relayArgs(levels, leaves, rest));
        assertThat(direct.status()).as(direct.toString()).isZero();
        assertThat(relayed.status()).as(relayed.toString()).isZero();
        assertThat(direct.out()).as("the direct run's output").isNotBlank();
        assertThat(sorted(relayed.out())).isEqualTo(sorted(direct.out()));
        assertThat(relayed.stderr()).contains("2 of 2 servers answered");
    }

    @Test
    void dcatDgrepAndDmapThroughOneRelayPrintWhatTheDirectFanOutPrints() throws Exception {
        assertSameThroughRelays(DcatCommand::new, List.of(List.of(relayA)), log.toString());
        assertSameThroughRelays(DgrepCommand::new, List.of(List.of(relayA)), "--regex", "status=50[0-9]", log.toString());
        assertSameThroughRelays(DmapCommand::new, List.of(List.of(relayA)), "--plain", "--query", QUERY, log.toString());
        assertSameThroughRelays(DmapCommand::new, List.of(List.of(relayA)), "--plain", "--query", AutoFormatTest.MIXED_QUERY,
                AutoFormatTest.mixedLogs(log.getParent()) + "/*");
    }

    @Test
    void twoRelaysShareTheServersAndARelayBehindARelayReachesThemToo() {
        // one level: each relay gets one leaf; two levels: relayA passes the request to relayB, which asks both leaves
        assertSameThroughRelays(DcatCommand::new, List.of(List.of(relayA, relayB)), log.toString());
        assertSameThroughRelays(DcatCommand::new, List.of(List.of(relayA), List.of(relayB)), log.toString());
        assertSameThroughRelays(DmapCommand::new, List.of(List.of(relayA), List.of(relayB)), "--plain", "--query", QUERY,
                log.toString());
    }

    @Test
    void eachServersLinesComeInOrderAsThatServersOwn() throws Exception {
        RecordingSink direct = new RecordingSink();
        RecordingSink relayed = new RecordingSink();
        PlanRequest cat = E2eServers.cat(log.toString());
        List<Server> leaves = List.of(leaf1, leaf2);
        assertThat(fixture.run(fixture.settings(), direct, leaves, cat)).isEmpty();
        try (RemoteRun run = new RemoteRun(fixture.settings(), relayed, HostPrompt.REFUSE)) {
            List<Messages.Downstream> route = RelayRoutes.of(List.of(List.of(relayA.address())), E2eServers.addresses(leaves));
            assertThat(run.route(route, cat, () -> false)).isEmpty();
        }
        byte[] file = Files.readAllBytes(log);
        for (Server leaf : leaves) {
            assertThat(relayed.plainBytes(leaf)).as("the lines of " + leaf.hostname + ", in order").isEqualTo(file);
            assertThat(described(relayed.linesOf(leaf))).isEqualTo(described(direct.linesOf(leaf)));
        }
        assertThat(relayed.lines.keySet()).containsExactlyInAnyOrder(leaf1.address(), leaf2.address());
    }

    @Test
    void aQuerysPartialsAreMergedAtTheRelayIntoOne() throws Exception {
        PlanRequest map = PlanRequest.map(List.of(log.toString()), QUERY);
        List<Server> leaves = List.of(leaf1, leaf2);
        RecordingSink direct = new RecordingSink();
        RecordingSink relayed = new RecordingSink();
        assertThat(fixture.run(fixture.settings(), direct, leaves, map)).isEmpty();
        try (RemoteRun run = new RemoteRun(fixture.settings(), relayed, HostPrompt.REFUSE)) {
            List<Messages.Downstream> route = RelayRoutes.of(List.of(List.of(relayA.address())), E2eServers.addresses(leaves));
            assertThat(run.route(route, map, () -> false)).isEmpty();
        }
        assertThat(direct.partials).hasSize(2);
        assertThat(relayed.partials).as("one partial, the relay's").hasSize(1);
        assertThat(table(relayed.partials)).isEqualTo(table(direct.partials));
    }

    /** The rows a client makes of {@code partials}. */
    static List<List<String>> table(List<PartialAggregate> partials) {
        Planner planner = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS);
        ResultMerger merger = new ResultMerger(planner.plan(PlanRequest.map(List.of("x"), QUERY)).client().result().orElseThrow());
        partials.forEach(merger::merge);
        return merger.result(Instant.EPOCH).rows().stream().map(row -> row.stream().map(ResultTable.Cell::text).toList()).toList();
    }

    @Test
    void theUsersOwnRulesHoldAtTheServerBehindTheRelay() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (RemoteRun run = new RemoteRun(fixture.settings("nobody", nobodyKey), sink, HostPrompt.REFUSE)) {
            List<Messages.Downstream> route = RelayRoutes.of(List.of(List.of(relayA.address())), List.of(leaf1.address()));
            List<ServerFailure> failed = run.route(route,
                    E2eServers.cat(log.toString(), secret.toString(), ruledOut.toString()), () -> false);
            assertThat(failed).isEmpty();
        }
        assertThat(sink.plainBytes(leaf1)).isEqualTo(Files.readAllBytes(log));
        // what nobody is refused when she logs in to the leaf herself (RelayTrustTest)
        assertThat(sink.problems).containsExactlyInAnyOrder(secret + ": not allowed",
                ruledOut + ": denied for user nobody by server rule \"!readfiles:ruled-out\"");
    }

    @Test
    void aServerThatDoesNotTrustTheRelayFailsByNameAndTheOtherAnswers() {
        Outcome o = E2eServers.execute(new DcatCommand(),
                relayArgs(List.of(List.of(relayA)), List.of(leaf1, distrustingLeaf), "--plain", log.toString()));
        assertThat(o.status()).as(o.toString()).isEqualTo(Commands.FAILED);
        assertThat(o.stdout()).isEqualTo(readAll(log));
        assertThat(o.stderr()).contains("|ERROR|" + distrustingLeaf.address() + ": authentication failed")
                .contains("relay login refused: that server must list this relay in its Server.RelayAllowFrom")
                .contains("|ERROR|1 of 2 servers answered");
    }

    @Test
    void aServerThatIsNoRelayRefusesToRelayAndItsShareFails() {
        Outcome o = E2eServers.execute(new DcatCommand(),
                relayArgs(List.of(List.of(leaf2)), List.of(leaf1), "--plain", log.toString()));
        assertThat(o.status()).as(o.toString()).isEqualTo(Commands.FAILED);
        assertThat(o.stdout()).isEmpty();
        assertThat(o.stderr()).contains("|ERROR|relay " + leaf2.address() + ": this dserver is not a relay (its"
                + " Server.Relay is false)").contains("the results of the 1 server it was serving are missing or incomplete")
                .contains("|ERROR|0 of 1 servers answered");
    }

    @Test
    void aRelayKilledMidRequestFailsItsServersAndTheOthersResultsStand() throws Exception {
        Server doomed = fixture.start("e2e-relay-doomed", "\"Relay\": true");
        // big enough that the leaf is still sending when the relay dies (the client takes nothing meanwhile)
        Path big = dir.resolve("logs").resolve("big.log");
        byte[] sample = readAll(log);
        for (int i = 0; i < 16; i++) {
            Files.write(big, sample, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        AtomicBoolean killed = new AtomicBoolean();
        Map<ServerAddress, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
        RemoteSink sink = new RecordingSink() {
            @Override
            public void lines(ServerAddress server, LineBatch batch) {
                if (server.equals(leaf1.address()) && killed.compareAndSet(false, true)) {
                    doomed.stop(); // every connection of the relay drops at once
                }
                ByteArrayOutputStream bytes = received.computeIfAbsent(server, s -> new ByteArrayOutputStream());
                synchronized (bytes) {
                    batch.forEach((file, number, pct, terminated, buf, off, len) -> {
                        bytes.write(buf, off, len);
                        bytes.write('\n');
                    });
                }
            }
        };
        List<ServerFailure> failed;
        List<RelayFailure> relaysFailed;
        try (RemoteRun run = new RemoteRun(fixture.settings(), sink, HostPrompt.REFUSE)) {
            List<Messages.Downstream> route = RelayRoutes.of(List.of(List.of(doomed.address(), relayB.address())),
                    List.of(leaf1.address(), leaf2.address()));
            failed = run.route(route, E2eServers.cat(big.toString()), () -> false);
            relaysFailed = run.relayFailures();
        }
        assertThat(killed).isTrue();
        assertThat(relaysFailed).extracting(RelayFailure::address).containsExactly(doomed.address());
        assertThat(failed).extracting(ServerFailure::server).containsExactly(leaf1.address());
        assertThat(failed.get(0).reason()).startsWith("relay " + doomed.address() + " failed: ");
        assertThat(received.get(leaf2.address()).toByteArray()).as("the other relay's server, whole").isEqualTo(readAll(big));
        assertThat(received.get(leaf1.address()).size()).as("the doomed relay's server, cut").isLessThan(readAll(big).length);
    }

    @Test
    void dtailQueryThroughARelayPrintsTheFinalTableOfTheDirectFanOut() throws Exception {
        String query = "select $hostname, count($line) group by $hostname interval 1s logformat generic";
        List<String> direct = finalTable(fixture.remoteArgs(List.of(leaf1, leaf2), "--plain", "--query", query),
                "direct.log");
        List<String> relayed = finalTable(relayArgs(List.of(List.of(relayA)), List.of(leaf1, leaf2), "--plain", "--query",
                query), "relayed.log");
        assertThat(relayed).hasSize(2).containsExactlyInAnyOrderElementsOf(direct);
        assertThat(relayed).anySatisfy(row -> assertThat(row).contains("e2e-leaf1"))
                .anySatisfy(row -> assertThat(row).contains("e2e-leaf2"));
    }

    @Test
    void aFollowThroughARelayGetsEachServersNewLinesAsItsOwnAndStops() throws Exception {
        Path followed = Files.writeString(dir.resolve("followed-lines.log"), "");
        RecordingSink sink = new RecordingSink();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<List<ServerFailure>> failed = new java.util.concurrent.atomic.AtomicReference<>();
        List<Messages.Downstream> route = RelayRoutes.of(List.of(List.of(relayA.address())),
                List.of(leaf1.address(), leaf2.address()));
        Thread follow;
        try (RemoteRun run = new RemoteRun(fixture.settings(), sink, HostPrompt.REFUSE)) {
            follow = Thread.ofVirtual().start(() -> {
                try {
                    failed.set(run.route(route, E2eServers.tail(followed.toString()), stop::get));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // a follow takes up only the lines written after it began, and a server holding the file open has not
            // necessarily taken its start point yet: numbered lines are appended until each server's have come through
            ProtocolLimitsTest.warmUp(followed, sink, leaf1);
            ProtocolLimitsTest.warmUp(followed, sink, leaf2);
            BooleanSupplier both = () -> !sink.linesOf(leaf1).isEmpty() && !sink.linesOf(leaf2).isEmpty();
            assertThat(both.getAsBoolean()).as("both servers' followed lines came through the relay").isTrue();
            stop.set(true);
            assertThat(follow.join(E2eServers.WAIT)).as("the follow ended when told").isTrue();
        }
        assertThat(failed.get()).isEmpty();
        for (Server leaf : List.of(leaf1, leaf2)) {
            // each server's lines from where its follow began, none missing, in order
            List<Integer> numbers = sink.linesOf(leaf).stream()
                    .map(l -> new String(l.bytes(), StandardCharsets.UTF_8))
                    .peek(text -> assertThat(text).matches("warm-up [0-9]+"))
                    .map(text -> Integer.parseInt(text.substring("warm-up ".length()))).toList();
            assertThat(numbers).as("lines of " + leaf.hostname).isNotEmpty();
            assertThat(numbers).as("lines of " + leaf.hostname + ", consecutive")
                    .isEqualTo(java.util.stream.IntStream.range(numbers.getFirst(), numbers.getFirst() + numbers.size()).boxed().toList());
        }
        assertThat(sink.problems).isEmpty();
    }

    /**
     * A burst at a server behind the relay while the client is stalled: back-pressure reaches the server through the
     * relay, the server drops lines where they pile up (its follow queue) and says so, and the client learns it as that
     * server's, as if connected directly (ProtocolLimitsTest's burst, through a relay).
     */
    @Test
    void linesDroppedAtAServerBehindTheRelayAreReportedAsThatServers() throws Exception {
        Path followed = Files.createFile(dir.resolve("burst-relayed.log"));
        ProtocolLimitsTest.SlowSink sink = new ProtocolLimitsTest.SlowSink();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<List<ServerFailure>> failed = new java.util.concurrent.atomic.AtomicReference<>();
        List<Messages.Downstream> route = RelayRoutes.of(List.of(List.of(relayA.address())), List.of(leaf1.address()));
        try (RemoteRun run = new RemoteRun(fixture.settings(), sink, HostPrompt.REFUSE)) {
            Thread follow = Thread.ofVirtual().start(() -> {
                try {
                    failed.set(run.route(route, E2eServers.tail(followed.toString()), stop::get));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ProtocolLimitsTest.warmUp(followed, sink, leaf1);
            sink.blockNext.set(true);
            Files.writeString(followed, "the burst starts\n", StandardOpenOption.APPEND);
            E2eServers.await(sink.blocking::get, E2eServers.WAIT, "the client stalled on the line before the burst");
            // five times the server's follow queue: more than the queue, the relay and every window in between hold
            ProtocolLimitsTest.appendBurst(followed, 0, 50_000);
            long size = Files.size(followed);
            E2eServers.await(() -> E2eServers.readPosition(followed) == size, E2eServers.WAIT,
                    "the server's reader at the end of the burst");
            sink.unblock.countDown();
            // lines after the burst until one arrives (ProtocolLimitsTest's burst): the gap before it shows what was dropped
            ProtocolLimitsTest.appendUntilDelivered(followed, "after the burst", sink, leaf1);
            stop.set(true);
            assertThat(follow.join(E2eServers.WAIT)).as("the follow ended when told").isTrue();
        }
        assertThat(failed.get()).isEmpty();
        assertThat(sink.lines.keySet()).as("every line is the server's, none the relay's").containsExactly(leaf1.address());
        assertThat(sink.gaps(leaf1)).as("the burst overran the server's queue: " + sink.summary(leaf1)).isPositive();
        long droppedInStats = sink.stats.stream().mapToLong(Messages.Stats::linesDropped).max().orElse(0);
        assertThat(sink.sawDrop(leaf1) || droppedInStats > 0)
                .as("the drops are told (a line below 100%% transmitted or a STATS frame): " + sink.summary(leaf1)).isTrue();
    }

    /** Follows a new file with {@code args}, appends 25 lines once the first table is out, stops: the final table. */
    List<String> finalTable(String[] args, String name) throws Exception {
        Path followed = Files.writeString(dir.resolve(name), "");
        Interruption interruption = Interruption.onRequest();
        DtailCommand dtail = new DtailCommand();
        dtail.interruptedBy(interruption);
        List<String> all = new ArrayList<>(List.of(args));
        all.add(followed.toString());
        Background run = new Background(dtail, all.toArray(String[]::new));
        E2eServers.await(() -> run.out.text().contains("count($line)"), E2eServers.WAIT, "the first table");
        Files.writeString(followed, "a line\n".repeat(25), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        interruption.request(Duration.ZERO);
        Outcome o = run.await(E2eServers.WAIT);
        assertThat(o.status()).as(o.stderr()).isEqualTo(Commands.INTERRUPTED);
        List<String> table = RemoteFollowQueryTest.tables(o.out()).getLast();
        assertThat(table).as(o.out() + "\n--- stderr:\n" + o.stderr()).hasSize(2)
                .allSatisfy(row -> assertThat(row.substring(row.indexOf('|') + 1).strip()).isEqualTo("25"));
        return table;
    }

    /** Every field of each line, as text (a record's byte array has no equals of its own). */
    static List<String> described(List<Messages.Line> lines) {
        return lines.stream().map(l -> l.file() + "|" + l.number() + "|" + l.transmittedPercent() + "|" + l.terminated()
                + "|" + new String(l.bytes(), StandardCharsets.UTF_8)).toList();
    }

    static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
