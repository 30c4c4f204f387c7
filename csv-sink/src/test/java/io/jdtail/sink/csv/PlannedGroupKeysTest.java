package io.jdtail.sink.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.SinkRequest;
import io.jdtail.engine.testing.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables made by the real planner and merger, written as CSV: every selected column in select
 * order, keys included wherever and however often they are selected; nothing is reordered or
 * dropped because it is (or looks like) a group key.
 */
class PlannedGroupKeysTest {

    private static final List<String> LINES = List.of("status=200|bytes=10", "status=200|bytes=5", "status=503|bytes=1");

    @TempDir
    Path dir;

    private String csv(String query) throws IOException {
        String text = query + " logformat testkv";
        Path out = dir.resolve("out.csv");
        try (ResultSink sink = ResultSinks.open("csv", new SinkRequest(out.toString(), false, text, Map.of()))) {
            sink.write(Engines.onePass(Engines.plan(text), LINES));
        }
        return Files.readString(out, UTF_8);
    }

    @Test
    void aKeyColumnThatIsNotFirstStaysWhereItWasSelected() throws IOException {
        assertEquals("count(*),status\n2,200\n1,503\n", csv("select count(*), status group by status"));
    }

    @Test
    void aKeySelectedTwiceIsWrittenTwice() throws IOException {
        assertEquals("status,sum(bytes),status\n200,15.000000,200\n503,1.000000,503\n",
                csv("select status, sum(bytes), status group by status"));
    }

    @Test
    void anAggregateOverTheKeyFieldIsRenderedAsThatAggregate() throws IOException {
        assertEquals("status,count(status),max(status)\n200,2,200.000000\n503,1,503.000000\n",
                csv("select status, count(status), max(status) group by status"));
    }
}
