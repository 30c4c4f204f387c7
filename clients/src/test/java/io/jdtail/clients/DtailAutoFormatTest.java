package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serverless {@code dtail --query ... logformat auto}: each followed file is read by its first non-blank line, also
 * when that line is older than the follow, and a file that is empty at the start by its first line.
 */
@Timeout(60)
class DtailAutoFormatTest {

    @TempDir
    Path dir;

    @Test
    void aFollowReadsEachFileByItsFirstNonBlankLineAndAnEmptyFileByItsFirstLine() throws Exception {
        Path json = Files.writeString(dir.resolve("blank-start.jsonl"), "\n{\"method\":\"OLD\"}\n");
        Path csv = Files.writeString(dir.resolve("t.csv"), "latency,method\n1,OLD\n");
        Path empty = Files.writeString(dir.resolve("empty.log"), "");
        String header = " method | count(*)";
        InProcessDtail dtail = InProcessDtail.start("--query", "select method, count(*) group by method interval 1s"
                + " logformat auto", "--plain", "--shutdownAfter", "30", json.toString(), csv.toString(), empty.toString());
        // the first table comes after the first interval, once dtail is attached to the files' ends
        assertThat(dtail.out.await(l -> l.contains(header), Duration.ofSeconds(10))).as(dtail.err.text()).isTrue();
        DtailFollowTest.append(json, "{\"method\":\"GET\"}\n{\"method\":\"PUT\"}\n");
        DtailFollowTest.append(csv, "2,GET\n");
        DtailFollowTest.append(empty, "\nmethod=GET latency=3\nmethod=PUT\n");
        Set<String> expected = Set.of("GET|3", "PUT|2");
        assertThat(dtail.out.await(l -> Set.copyOf(DtailQueryTest.lastTableRows(l, header)).equals(expected),
                Duration.ofSeconds(10))).as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        assertThat(dtail.out.text()).as("lines from before the follow's start are not counted").doesNotContain("OLD");
        assertThat(dtail.err.text()).as("no malformed lines").isEmpty();
    }
}
