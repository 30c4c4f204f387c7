package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dtail with a query aggregates the lines appended while it runs: a table every interval whose
 * counts grow with the appends, the last one counting exactly the lines appended after start.
 */
@Timeout(60)
class DtailQueryTest {

    static final String HOST = HostContext.localHostName();
    static final String QUERY = "select $hostname, count($line) group by $hostname interval 1s";
    static final String HEADER = " $hostname | count($line)";

    @TempDir
    Path dir;

    /** The count of every table printed so far, in order (0 for a table without rows). */
    static List<Long> counts(List<String> lines) {
        List<Long> counts = new ArrayList<>();
        Pattern row = Pattern.compile("^\\s*" + Pattern.quote(HOST) + " \\|\\s+(\\d+)$");
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(HEADER)) {
                Matcher m = i + 2 < lines.size() ? row.matcher(lines.get(i + 2)) : null;
                counts.add(m != null && m.matches() ? Long.parseLong(m.group(1)) : 0L);
            }
        }
        return counts;
    }

    @Test
    void countsGrowAndTheLastTableCountsEveryLineAppendedAfterStart() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "present before start 1\npresent before start 2\n");
        InProcessDtail dtail = InProcessDtail.start("--query", QUERY, "--plain", "--shutdownAfter", "4", f.toString());
        // the first table comes after the first interval, once dtail is attached to the file's end
        assertThat(dtail.out.await(l -> l.contains(HEADER), Duration.ofSeconds(10))).as(dtail.err.text()).isTrue();
        int first = 50;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < first; i++) {
            b.append("first batch line ").append(i).append('\n');
        }
        DtailFollowTest.append(f, b.toString());
        assertThat(dtail.out.await(l -> counts(l).contains((long) first), Duration.ofSeconds(5)))
                .as("a table counting the first batch; output so far:%n%s", dtail.out.text()).isTrue();
        int second = 70;
        b.setLength(0);
        for (int i = 0; i < second; i++) {
            b.append("second batch ").append(i).append(i % 7 == 0 ? "\n\n" : "\n");
        }
        DtailFollowTest.append(f, b.toString());
        int secondLines = second + (second + 6) / 7; // every seventh line is followed by an empty one
        int status = dtail.awaitExit(Duration.ofSeconds(15));

        List<String> out = dtail.out.lines();
        List<Long> counts = counts(out);
        String shown = String.join("\n", out);
        assertThat(status).as(dtail.err.text()).isZero();
        assertThat(out).as("--plain: no query line").doesNotContain(QUERY);
        assertThat(counts).as(shown).hasSizeGreaterThanOrEqualTo(3);
        assertThat(counts).as(shown).isSorted();
        assertThat(counts).as(shown).contains((long) first);
        assertThat(counts.getLast()).as(shown).isEqualTo(first + secondLines);
        assertThat(dtail.err.text()).isEmpty();
    }

    /** A table's heading without --plain: the time it holds the lines up to, in ISO-8601 UTC, and the query. */
    static final Pattern HEADING = Pattern.compile("(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z) "
            + Pattern.quote(QUERY));

    /** The times of the tables' headings, in order. */
    static List<Instant> headingTimes(List<String> lines) {
        return lines.stream().map(HEADING::matcher).filter(Matcher::matches).map(m -> Instant.parse(m.group(1))).toList();
    }

    @Test
    void withoutPlainEachTableIsHeadedByItsTimeAndTheQuery() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "");
        InProcessDtail dtail = InProcessDtail.start("--query", QUERY, "--shutdownAfter", "2", f.toString());
        assertThat(dtail.out.await(l -> l.contains(HEADER), Duration.ofSeconds(10))).isTrue();
        DtailFollowTest.append(f, "one\ntwo\nthree\n");
        assertThat(dtail.awaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        List<String> out = dtail.out.lines();
        String shown = String.join("\n", out);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).equals(HEADER)) {
                assertThat(out.get(i - 1)).as(shown).matches(HEADING);
            }
        }
        List<Instant> times = headingTimes(out);
        assertThat(times).as(shown).hasSize((int) out.stream().filter(HEADER::equals).count()).isSorted();
        // every table but the last ends at an interval boundary (whole seconds with interval 1s)
        assertThat(times.subList(0, times.size() - 1)).as(shown).allMatch(t -> t.getNano() == 0);
        assertThat(counts(out).getLast()).as(shown).isEqualTo(3);
    }

    /**
     * SIGINT or SIGTERM to the client's own JVM: the follow stops and prints a final table (the lines since the last
     * interval go into it: see the test above), headed by the time it stopped, after the signal was sent; the exit
     * status is the signal's (128 + its number).
     */
    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalEndsTheFollowWithAFinalTable(String signal, int status) throws Exception {
        Path f = Files.writeString(dir.resolve("app.log"), "before start\n");
        try (ForkedClient dtail = ForkedClient.piped("dtail", "--query", QUERY, "--shutdownAfter", "60", f.toString())) {
            // the first table comes after the first interval, once dtail is attached to the file's end
            assertThat(dtail.out.await(l -> l.contains(HEADER), Duration.ofSeconds(30))).as(dtail.errText()).isTrue();
            DtailFollowTest.append(f, "one\ntwo\n");
            assertThat(dtail.out.await(l -> counts(l).contains(2L), Duration.ofSeconds(30))).as(dtail.out.text()).isTrue();
            Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            dtail.signal(signal);
            assertThat(dtail.awaitExit(Duration.ofSeconds(30))).as(dtail.errText()).isEqualTo(status);
            List<String> out = dtail.out.lines();
            String shown = String.join("\n", out);
            assertThat(headingTimes(out).getLast()).as(shown).isAfterOrEqualTo(sent);
            assertThat(out.get(out.size() - 3)).as(shown).isEqualTo(HEADER);
            assertThat(counts(out).getLast()).as(shown).isEqualTo(2);
            assertThat(dtail.errText()).isEmpty();
        }
    }

    private static ClientRun dtail(java.io.InputStream stdin, String... args) {
        return ClientRun.run((o, e, i, t) -> new io.jdtail.clients.cli.DtailCommand().redirect(o, e, i, t), stdin, args);
    }

    /** {@code dtail --query Q -}: stdin's lines aggregated; at the end of the input, the final table of them all. */
    @Test
    void aQueryOverStdinEndsWithTheFinalTableAtTheEndOfTheInput() {
        ClientRun run = dtail(new java.io.ByteArrayInputStream("a\nb\nc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "--query", QUERY, "-");
        assertThat(run.status()).as(run.err()).isZero();
        List<String> out = run.out().lines().toList();
        assertThat(out).as(run.out()).hasSize(4);
        assertThat(out.get(0)).matches(HEADING);
        assertThat(out.get(1)).isEqualTo(HEADER);
        assertThat(counts(out)).containsExactly(3L);
        assertThat(run.err()).isEmpty();
    }

    /** {@code dtail -} prints stdin's lines as they come, as {@code tail -f} of a pipe does; with --servers it is refused. */
    @Test
    void dashFollowsStdinAndIsRefusedWithServers() {
        ClientRun run = dtail(new java.io.ByteArrayInputStream("first\nsecond\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "--plain", "-");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("first\nsecond\n");
        assertThat(run.err()).isEmpty();

        ClientRun remote = dtail(new java.io.ByteArrayInputStream(new byte[0]), "--servers", "127.0.0.1:1", "-");
        assertThat(remote.status()).isEqualTo(2);
        assertThat(remote.err()).isEqualTo("dtail: '-' (stdin) cannot be read on a server; pipe into dtail without --servers,"
                + " or name the files on the servers\n");
        assertThat(remote.out()).isEmpty();

        ClientRun mixed = dtail(new java.io.ByteArrayInputStream(new byte[0]), "-", dir.resolve("app.log").toString());
        assertThat(mixed.status()).isEqualTo(2);
        assertThat(mixed.err()).isEqualTo("dtail: '-' follows stdin alone; follow the files in another dtail, or pipe them"
                + " all into one\n");
    }

    /** The rows of the last table printed, without their padding ({@code x|2}). */
    static List<String> lastTableRows(List<String> lines, String header) {
        int last = lines.lastIndexOf(header);
        assertThat(last).as("a table: " + String.join("\n", lines)).isNotNegative();
        return lines.subList(last + 2, lines.size()).stream().map(l -> l.replaceAll("\\s+", "")).toList();
    }

    @Test
    void aCsvFileFollowedFromItsEndIsReadByItsHeaderLine() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), "a,b\nold,1\n");
        String header = " a | count(b)";
        InProcessDtail dtail = InProcessDtail.start("--query", "select a, count(b) group by a interval 1s logformat csv",
                "--plain", "--shutdownAfter", "30", f.toString());
        // the first table comes after the first interval, once dtail is attached to the file's end
        assertThat(dtail.out.await(l -> l.contains(header), Duration.ofSeconds(10))).as(dtail.err.text()).isTrue();
        DtailFollowTest.append(f, "x,1\ny,2\nx,3\n");
        assertThat(dtail.out.await(l -> lastTableRows(l, header).contains("x|2"), Duration.ofSeconds(10)))
                .as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        assertThat(lastTableRows(dtail.out.lines(), header)).containsExactlyInAnyOrder("x|2", "y|1");
        assertThat(dtail.err.text()).as("no malformed lines").isEmpty();
    }

    @Test
    void theRegexSelectsTheLinesAFollowedQueryCounts() throws Exception {
        Path f = Files.writeString(dir.resolve("app.log"), "");
        InProcessDtail dtail = InProcessDtail.start("--query", QUERY, "--regex", "keep", "--plain", "--shutdownAfter", "30",
                f.toString());
        assertThat(dtail.out.await(l -> l.contains(HEADER), Duration.ofSeconds(10))).as(dtail.err.text()).isTrue();
        DtailFollowTest.append(f, "keep 1\ndrop 2\nkeep 3\n");
        assertThat(dtail.out.await(l -> counts(l).contains(2L), Duration.ofSeconds(10))).as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        assertThat(counts(dtail.out.lines()).getLast()).as(String.join("\n", dtail.out.lines())).isEqualTo(2);
    }

    @Test
    void aBadQueryIsAUsageError() {
        Path f = dir.resolve("app.log");
        InProcessDtail dtail = InProcessDtail.start("--query", "select count($line) group", "--shutdownAfter", "2", f.toString());
        int status;
        try {
            status = dtail.awaitExit(Duration.ofSeconds(10));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(status).isEqualTo(2);
        assertThat(dtail.err.text()).contains("dtail:").doesNotContain("\tat ");
        assertThat(dtail.out.text()).isEmpty();
    }
}
