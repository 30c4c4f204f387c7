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

/** Percentiles written as CSV: numbers as avg writes them, the header as the call was written, an empty group empty. */
class CsvPercentilesTest {

    @TempDir
    Path dir;

    @Test
    void percentilesAreWrittenAsAvgIsAndAGroupWithoutNumbersIsAnEmptyField() throws IOException {
        String query = "select status, avg(latency), p50(latency), percentile(latency, 99.9), quantile(latency, 0) "
                + "group by status order by p50(latency) logformat testkv";
        List<String> lines = List.of("status=200|latency=1.5", "status=200|latency=0.25", "status=200|latency=12",
                "status=503|latency=30", "status=404|latency=-");
        Path out = dir.resolve("out.csv");
        try (ResultSink sink = ResultSinks.open("csv", new SinkRequest(out.toString(), false, query, Map.of()))) {
            sink.write(Engines.onePass(Engines.plan(query), lines));
        }
        assertEquals("""
                status,avg(latency),p50(latency),"percentile(latency, 99.9)","quantile(latency, 0)"
                503,30.000000,30.000000,30.000000,30.000000
                200,4.583333,1.500000,12.000000,0.250000
                404,,,,
                """, Files.readString(out, UTF_8));
    }
}
