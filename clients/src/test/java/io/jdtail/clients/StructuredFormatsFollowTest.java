package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dtail --query follows json and logfmt files like any other: the lines appended after start are aggregated. */
@Timeout(60)
class StructuredFormatsFollowTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        json   | {"http":{"method":"OLD"}}  | {"http":{"method":"GET"},"latency":2}  | {"http":{"method":"POST"},"latency":4} | http.method
        logfmt | method=OLD                 | method=GET latency=2                   | msg="a \\"b\\"" method=POST latency=4   | method
        """)
    void appendedLinesAreAggregatedAsTheyArrive(String format, String old, String get, String post, String field)
            throws Exception {
        Path f = Files.writeString(dir.resolve("app." + format), old + "\n");
        String header = " " + field + " | count(*) | sum(latency)";
        InProcessDtail dtail = InProcessDtail.start("--query", "select " + field + ", count(*), sum(latency) group by "
                + field + " interval 1s logformat " + format, "--plain", "--shutdownAfter", "30", f.toString());
        // the first table comes after the first interval, once dtail is attached to the file's end
        assertThat(dtail.out.await(l -> l.contains(header), Duration.ofSeconds(10))).as(dtail.err.text()).isTrue();
        DtailFollowTest.append(f, get + "\n" + post + "\n" + get + "\n");
        assertThat(dtail.out.await(l -> DtailQueryTest.lastTableRows(l, header).contains("GET|2|4.000000"),
                Duration.ofSeconds(10))).as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        assertThat(DtailQueryTest.lastTableRows(dtail.out.lines(), header))
                .containsExactlyInAnyOrder("GET|2|4.000000", "POST|1|4.000000");
        assertThat(dtail.err.text()).as("no malformed lines").isEmpty();
    }
}
