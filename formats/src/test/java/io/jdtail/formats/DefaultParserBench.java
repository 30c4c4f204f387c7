package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Quick throughput check of the default parser (not a unit test, not JMH): single thread, file in
 * memory, line boundaries found before timing, {@code row.clear()} included; MB/s of this thread's CPU time
 * (steadier than wall time on a busy machine). Usage: {@code java -cp ... io.jdtail.formats.DefaultParserBench FILE}
 * with a file from {@code genlog.py}.
 */
public final class DefaultParserBench {

    private DefaultParserBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        LogFormat f = new DefaultLogFormat();
        record Case(String name, String table, List<String> fields) {
        }
        List<Case> cases = List.of(
                new Case("count($line) from STATS", "STATS", List.of("$line")),
                new Case("$time,$goroutines from STATS", "STATS", List.of("$time", "$goroutines")),
                new Case("status,latency from REQUEST", "REQUEST", List.of("status", "latency", "$line")),
                new Case("host,bytes (last keys), no table", null, List.of("host", "bytes")));
        BenchLines lines = BenchLines.of(data);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = lines.count();
        int[] offs = lines.offsets();
        int[] lens = lines.lengths();
        for (int round = 0; round < 3; round++) {
            for (Case c : cases) {
                if (c.fields() == null) {
                    continue;
                }
                RowLayout layout = new RowLayout(c.fields());
                LineParser parser = f.newParser(new ParserSetup(Optional.ofNullable(c.table()), layout));
                Row row = new Row(layout);
                long t0 = System.nanoTime();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long accepted = 0;
                long iterations = 0;
                while (System.nanoTime() - t0 < 3_000_000_000L) {
                    accepted = 0;
                    for (int k = 0; k < n; k++) {
                        row.clear();
                        if (parser.parse(data, offs[k], lens[k], row) == LineParser.Outcome.ACCEPTED) {
                            accepted++;
                        }
                    }
                    iterations++;
                }
                double secs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                System.out.printf("%-40s %8.0f MB/s  accepted=%d%n", c.name(),
                        data.length * (double) iterations / secs / 1e6, accepted);
            }
        }
    }
}
