package io.jdtail.server.e2e;

import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.render.TableRenderer;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real dservers on 127.0.0.1, three generated logs: whatever the clients print for a remote run must be
 * what they print serverless on the same files (one engine, many plans).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteEqualsServerlessTest {

    static final String QUERY = "from REQUEST select status,count($line),avg(latency),max(latency) group by status"
            + " order by count($line)";

    E2eServers fixture;
    List<Server> servers;
    List<Path> logs = new ArrayList<>();

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        fixture = new E2eServers(dir);
        Path logDir = Files.createDirectories(dir.resolve("logs"));
        servers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            logs.add(E2eServers.genlog(logDir.resolve("web" + i + ".log"), 1, i, "web" + i));
            servers.add(fixture.start("e2e-web" + i));
        }
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    @Test
    void remoteDcatPlainOfAFileIsItsBytes() throws Exception {
        for (int i = 0; i < 3; i++) {
            Outcome o = E2eServers.execute(new DcatCommand(),
                    fixture.remoteArgs(List.of(servers.get(i)), "--plain", logs.get(i).toString()));
            assertThat(o.status()).as(o.toString()).isZero();
            byte[] expected = Files.readAllBytes(logs.get(i));
            assertThat(o.stdout().length).as("bytes of " + logs.get(i)).isEqualTo(expected.length);
            assertThat(Arrays.equals(o.stdout(), expected)).as("dcat --plain output is the file").isTrue();
        }
    }

    @Test
    void remoteDcatWithoutPlainPrefixesEveryLineWithTheServer() throws Exception {
        Outcome o = E2eServers.execute(new DcatCommand(), fixture.remoteArgs(List.of(servers.get(0)), logs.get(0).toString()));
        assertThat(o.status()).as(o.toString()).isZero();
        List<String> lines = o.out().lines().toList();
        List<String> file = Files.readAllLines(logs.get(0));
        assertThat(lines).hasSize(file.size());
        assertThat(lines.get(0)).isEqualTo("REMOTE|127.0.0.1|100|1|web1.log|" + file.get(0));
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("REMOTE|127.0.0.1|100|" + file.size() + "|web1.log|" + file.get(file.size() - 1));
    }

    @Test
    void remoteDgrepWithContextEqualsServerlessDgrep() throws Exception {
        for (int i = 0; i < 3; i++) {
            String[] grep = {"--plain", "--regex", "upstream timeout", "--before", "1", "--after", "1", logs.get(i).toString()};
            Outcome local = E2eServers.execute(new DgrepCommand(), grep);
            Outcome remote = E2eServers.execute(new DgrepCommand(), fixture.remoteArgs(List.of(servers.get(i)), grep));
            assertThat(local.status()).as(local.toString()).isZero();
            assertThat(remote.status()).as(remote.toString()).isZero();
            assertThat(local.out()).contains("upstream timeout");
            assertThat(remote.out()).isEqualTo(local.out());
        }
    }

    /** DTail's dtail.json names the port of servers named without one; --port wins over it. */
    @Test
    void remoteClientsTakeThePortOfCfgForServersNamedWithoutOne(@TempDir Path dir) throws Exception {
        Server server = servers.get(0);
        Path cfg = Files.writeString(dir.resolve("dtail.json"), "{\"Common\": {\"SSHPort\": " + server.port + "}}");
        String[] common = {"--key", fixture.rootKeyFile.toString(), "--trustAllHosts", "--user", E2eServers.USER, "--plain"};
        List<String> fromCfg = new ArrayList<>(List.of("--cfg", cfg.toString(), "--servers", "127.0.0.1"));
        fromCfg.addAll(List.of(common));
        fromCfg.add(logs.get(0).toString());
        Outcome o = E2eServers.execute(new DcatCommand(), fromCfg.toArray(String[]::new));
        assertThat(o.status()).as(o.toString()).isZero();
        assertThat(o.stdout()).isEqualTo(Files.readAllBytes(logs.get(0)));

        Path wrongPort = Files.writeString(dir.resolve("other.json"), "{\"Common\": {\"SSHPort\": 1}}");
        List<String> portWins = new ArrayList<>(List.of("--cfg", wrongPort.toString(), "--port", Integer.toString(server.port),
                "--servers", "127.0.0.1"));
        portWins.addAll(List.of(common));
        portWins.add(logs.get(0).toString());
        Outcome p = E2eServers.execute(new DcatCommand(), portWins.toArray(String[]::new));
        assertThat(p.status()).as(p.toString()).isZero();
        assertThat(p.stdout()).isEqualTo(Files.readAllBytes(logs.get(0)));
    }

    /** With line numbers the server counts every line it passes over; with --plain it need not, and sends none. */
    @Test
    void remoteDgrepEqualsServerlessDgrepWithAndWithoutLineNumbers() throws Exception {
        for (List<String> flags : List.of(List.of("--plain"), List.of("--noColor"))) {
            List<String> args = new ArrayList<>(flags);
            args.addAll(List.of("--regex", "upstream timeout", logs.get(1).toString()));
            Outcome local = E2eServers.execute(new DgrepCommand(), args.toArray(String[]::new));
            Outcome remote = E2eServers.execute(new DgrepCommand(), fixture.remoteArgs(List.of(servers.get(1)), args.toArray(String[]::new)));
            assertThat(local.status()).as(local.toString()).isZero();
            assertThat(remote.status()).as(remote.toString()).isZero();
            assertThat(local.out()).contains("upstream timeout");
            // serverless lines are LOCAL|host|..., remote ones REMOTE|127.0.0.1|...: compare from the line number on
            assertThat(remote.out().lines().map(RemoteEqualsServerlessTest::withoutOrigin).toList())
                    .isEqualTo(local.out().lines().map(RemoteEqualsServerlessTest::withoutOrigin).toList());
        }
    }

    private static String withoutOrigin(String line) {
        return line.startsWith("REMOTE|") || line.startsWith("LOCAL|") ? line.split("\\|", 4)[3] : line;
    }

    /**
     * Every server gets the same request, and here all of them see the same file system: each of the three
     * reads all three logs. So the merged remote result must equal a serverless run over three copies of each.
     */
    @Test
    void remoteDmapOverThreeServersEqualsServerlessDmapOverTheSameData() throws Exception {
        List<String> threeTimes = new ArrayList<>();
        for (Path log : logs) {
            threeTimes.add(log.toString());
            for (String copy : List.of("a", "b")) {
                Path link = log.resolveSibling(log.getFileName() + "." + copy);
                if (!Files.exists(link)) {
                    Files.createLink(link, log);
                }
                threeTimes.add(link.toString());
            }
        }
        List<String> localArgs = new ArrayList<>(List.of("--plain", "--query", QUERY));
        localArgs.addAll(threeTimes);
        Outcome local = E2eServers.execute(new DmapCommand(), localArgs.toArray(String[]::new));

        List<String> remoteArgs = new ArrayList<>(List.of("--plain", "--query", QUERY));
        logs.forEach(l -> remoteArgs.add(l.toString()));
        Outcome remote = E2eServers.execute(new DmapCommand(), fixture.remoteArgs(servers, remoteArgs.toArray(String[]::new)));

        assertThat(local.status()).as(local.toString()).isZero();
        assertThat(remote.status()).as(remote.toString()).isZero();
        assertThat(local.out()).contains("count($line)").contains("200");
        assertThat(remote.out()).isEqualTo(local.out());
    }

    /** Distinct data per server: each server reads only its own log; the client merges the three partials. */
    @Test
    void partialsOfDistinctLogsMergeToTheServerlessResult() throws Exception {
        List<String> localArgs = new ArrayList<>(List.of("--plain", "--query", QUERY));
        logs.forEach(l -> localArgs.add(l.toString()));
        Outcome local = E2eServers.execute(new DmapCommand(), localArgs.toArray(String[]::new));
        assertThat(local.status()).as(local.toString()).isZero();

        ResultMerger merger = fixture.mergeEachOwnLog(servers, logs, QUERY);
        assertThat(TableRenderer.render(merger.result(Instant.now()))).isEqualTo(local.out());
    }

    @Test
    void hostnameGroupByShowsEachServersHostName() throws Exception {
        String query = "from REQUEST select $hostname,count($line) group by $hostname";
        Outcome local = E2eServers.execute(new DmapCommand(), "--plain", "--query", query, logs.get(0).toString());
        Outcome remote = E2eServers.execute(new DmapCommand(),
                fixture.remoteArgs(servers, "--plain", "--query", query, logs.get(0).toString()));
        assertThat(remote.status()).as(remote.toString()).isZero();
        long perFile = Long.parseLong(rows(local.out()).values().iterator().next());
        Map<String, String> rows = rows(remote.out());
        assertThat(rows).containsOnlyKeys("e2e-web1", "e2e-web2", "e2e-web3");
        assertThat(rows.values()).containsOnly(Long.toString(perFile));
    }

    /**
     * avg() must not depend on how the input was split and merged. In these logs the exact average latency
     * of status 201 is 31.8359375, a tie at the sixth decimal; summing doubles in different orders gives
     * 31.835937499999993 or 31.8359375, so the same command prints 31.835937 on one run and 31.835938 on
     * the next (serverless: reader threads; remote: the order partials arrive in). Checked against the exact
     * decimal average, rounded half up (as %.6f rounds the exact value 31.8359375).
     */
    @Test
    void averagesAreTheExactAverageWhateverTheSplitAndMergeOrder() throws Exception {
        Map<String, java.math.BigDecimal[]> sums = new TreeMap<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split("\\|");
                if (f.length > 10 && f[0].equals("INFO") && f[9].equals("MAPREDUCE:REQUEST")) {
                    Map<String, String> kv = new java.util.HashMap<>();
                    for (int i = 10; i < f.length; i++) {
                        int eq = f[i].indexOf('=');
                        kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
                    }
                    java.math.BigDecimal[] acc = sums.computeIfAbsent(kv.get("status"),
                            k -> new java.math.BigDecimal[] {java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO});
                    acc[0] = acc[0].add(new java.math.BigDecimal(kv.get("latency")));
                    acc[1] = acc[1].add(java.math.BigDecimal.ONE);
                }
            }
        }
        Map<String, String> expected = new TreeMap<>();
        sums.forEach((status, acc) -> expected.put(status,
                acc[0].divide(acc[1], java.math.MathContext.DECIMAL128).setScale(6, java.math.RoundingMode.HALF_UP)
                        .toPlainString()));

        String query = "from REQUEST select status,avg(latency) group by status";
        List<String> localArgs = new ArrayList<>(List.of("--plain", "--query", query));
        logs.forEach(l -> localArgs.add(l.toString()));
        Map<String, Integer> wrong = new TreeMap<>();
        for (int run = 0; run < 10; run++) {
            Outcome local = E2eServers.execute(new DmapCommand(), localArgs.toArray(String[]::new));
            assertThat(local.status()).as(local.toString()).isZero();
            rows(local.out()).forEach((status, avg) -> {
                if (!avg.equals(expected.get(status))) {
                    wrong.merge("serverless: status " + status + " avg " + avg + " (exact " + expected.get(status) + ")", 1,
                            Integer::sum);
                }
            });
        }
        for (int run = 0; run < 3; run++) {
            Planner planner = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS);
            ResultMerger merger = new ResultMerger(planner.plan(PlanRequest.map(List.of("x"), query)).client().result()
                    .orElseThrow());
            for (int i = 0; i < 3; i++) {
                RecordingSink sink = new RecordingSink();
                fixture.run(fixture.settings(), sink, List.of(servers.get(i)),
                        PlanRequest.map(List.of(logs.get(i).toString()), query));
                sink.partials.forEach(merger::merge);
            }
            rows(TableRenderer.render(merger.result(Instant.now()))).forEach((status, avg) -> {
                if (!avg.equals(expected.get(status))) {
                    wrong.merge("remote: status " + status + " avg " + avg + " (exact " + expected.get(status) + ")", 1,
                            Integer::sum);
                }
            });
        }
        assertThat(wrong).as("averages that differ from the exact one (how many runs of 10 serverless / 3 remote)")
                .isEmpty();
    }

    /**
     * One file followed by a remote and a serverless dtail at once, with a filter and grep context: once both
     * are attached, they show the same lines the same way, and their line numbers advance alike (each counts
     * from where it began following, so the numbers themselves differ by a constant).
     */
    @Test
    void remoteDtailEqualsServerlessDtail(@TempDir Path dir) throws Exception {
        Path followed = Files.writeString(dir.resolve("follow.log"), "a line from before both started\n");
        // both ended once the last match is in (--shutdownAfter only bounds a failing run)
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        String[] args = {"--noColor", "--regex", "match|sync", "--after", "1", "--shutdownAfter", "60", followed.toString()};
        Background local = new Background(new DtailCommand().stopWhen(stop::get), args);
        Background remote = new Background(new DtailCommand().stopWhen(stop::get),
                fixture.remoteArgs(List.of(servers.get(0)), args));
        for (int i = 0; !(local.out.text().contains("sync") && remote.out.text().contains("sync")); i++) {
            assertThat(i).as("both attached within 10 s; local: %s; remote: %s", local.err.text(), remote.err.text())
                    .isLessThan(100);
            append(followed, "sync " + i + "\n");
            Thread.sleep(100);
        }
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            payload.append("line ").append(i).append(i % 7 == 0 ? " match\n" : " other\n");
        }
        append(followed, payload + "the last match\n");
        E2eServers.await(() -> local.out.text().contains("|the last match\n") && remote.out.text().contains("|the last match\n"),
                E2eServers.WAIT, "the last match in both");
        stop.set(true);
        Outcome l = local.await(Duration.ofSeconds(30));
        Outcome r = remote.await(Duration.ofSeconds(30));
        assertThat(l.status()).as(l.toString()).isZero();
        assertThat(r.status()).as(r.toString()).isZero();
        List<String> localShown = sinceLastSync(l.out());
        assertThat(localShown).as(l.out()).hasSizeGreaterThan(80).last().asString().endsWith("|the last match");
        assertThat(sinceLastSync(r.out())).isEqualTo(localShown);
    }

    /**
     * A file that is not there yet is waited for, remote and serverless alike: a warning (the server's is
     * prefixed with its address), the file followed from its start when it appears, and exit status 0, as
     * {@code tail -F} ends.
     */
    @Test
    void aFileThatAppearsLaterIsAWarningAndTheFollowExitsZero(@TempDir Path dir) throws Exception {
        Path later = dir.resolve("later.log");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        String[] args = {"--plain", "--shutdownAfter", "60", later.toString()};
        Background local = new Background(new DtailCommand().stopWhen(stop::get), args);
        Background remote = new Background(new DtailCommand().stopWhen(stop::get),
                fixture.remoteArgs(List.of(servers.get(0)), args));
        String warning = later + ": no such file (still watching for it)";
        E2eServers.await(() -> local.err.text().contains(warning) && remote.err.text().contains(warning),
                E2eServers.WAIT, "both warned about the missing file");
        Files.writeString(later, "hello\n");
        E2eServers.await(() -> local.out.text().equals("hello\n") && remote.out.text().equals("hello\n"),
                E2eServers.WAIT, "both followed the file that appeared");
        stop.set(true);
        Outcome l = local.await(Duration.ofSeconds(30));
        Outcome r = remote.await(Duration.ofSeconds(30));
        String host = io.jdtail.engine.operator.HostContext.localHostName();
        assertThat(l.status()).as(l.toString()).isZero();
        assertThat(l.stderr()).isEqualTo("CLIENT|" + host + "|WARN|" + warning + "\n");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stderr()).isEqualTo("CLIENT|" + host + "|WARN|" + servers.get(0).flag() + ": " + warning + "\n");
    }

    private static void append(Path file, String text) throws java.io.IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** The lines after the last sync line, each as pct|line number relative to that sync line|file|text. */
    private static List<String> sinceLastSync(String out) {
        List<String[]> lines = out.lines().map(line -> line.split("\\|", 6)).toList();
        int sync = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).length == 6 && lines.get(i)[5].startsWith("sync ")) {
                sync = i;
            }
        }
        assertThat(sync).as("a sync line in " + out).isNotNegative();
        long base = Long.parseLong(lines.get(sync)[3]);
        List<String> shown = new ArrayList<>();
        for (String[] f : lines.subList(sync + 1, lines.size())) {
            shown.add(f.length == 6 ? f[2] + "|" + (Long.parseLong(f[3]) - base) + "|" + f[4] + "|" + f[5] : String.join("|", f));
        }
        return shown;
    }

    /** Data rows of a rendered table: first column to second. */
    static Map<String, String> rows(String table) {
        Map<String, String> rows = new TreeMap<>();
        List<String> lines = table.lines().toList();
        for (String line : lines.subList(2, lines.size())) {
            String[] cells = line.split("\\|");
            rows.put(cells[0].strip(), cells[1].strip());
        }
        return rows;
    }
}
