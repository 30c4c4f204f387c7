package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void withoutPlainEachTableIsPrecededByTheQuery() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "");
        InProcessDtail dtail = InProcessDtail.start("--query", QUERY, "--shutdownAfter", "2", f.toString());
        assertThat(dtail.out.await(l -> l.contains(HEADER), Duration.ofSeconds(10))).isTrue();
        DtailFollowTest.append(f, "one\ntwo\nthree\n");
        assertThat(dtail.awaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        List<String> out = dtail.out.lines();
        long headers = out.stream().filter(HEADER::equals).count();
        assertThat(out.stream().filter(QUERY::equals).count()).as(String.join("\n", out)).isEqualTo(headers);
        assertThat(counts(out).getLast()).as(String.join("\n", out)).isEqualTo(3);
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
