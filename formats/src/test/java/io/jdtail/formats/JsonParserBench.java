package io.jdtail.formats;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Optional;

/**
 * Quick check of the json parser's cost per line (not a unit test, not JMH): the fields of the bench's query
 * ({@code http.method}, {@code latency}, {@code user}), the first megabytes of a JSON-lines file (100 unless MB says) in memory, line
 * boundaries found before timing, CPU time of this thread per pass (steadier than wall time on a busy machine).
 * Usage: {@code java -XX:FreqInlineSize=120 -cp ... io.jdtail.formats.JsonParserBench FILE [MB] [PASSES]}, with
 * the file from {@code bench/genjsonl.py} and the clients' inlining limit.
 */
public final class JsonParserBench {

    private JsonParserBench() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        byte[] data = new byte[megabytes << 20];
        try (RandomAccessFile f = new RandomAccessFile(args[0], "r")) {
            f.readFully(data);
        }
        BenchLines lines = BenchLines.of(data);
        int n = lines.count();
        int[] offs = lines.offsets();
        int[] lens = lines.lengths();
        RowLayout layout = new RowLayout(List.of("http.method", "latency", "user"));
        LineParser parser = new JsonLogFormat().newParser(new ParserSetup(Optional.empty(), layout));
        Row row = new Row(layout);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pass = 0; pass < passes; pass++) {
            long t0 = threads.getCurrentThreadCpuTime();
            long userBytes = 0;
            for (int k = 0; k < n; k++) {
                row.clear();
                if (parser.parse(data, offs[k], lens[k], row) == LineParser.Outcome.ACCEPTED) {
                    userBytes += row.byteLength(2);
                }
            }
            long t1 = threads.getCurrentThreadCpuTime();
            System.out.printf("pass %d: %.1f ns per line (CPU), %d bytes of user%n", pass, (t1 - t0) / (double) n, userBytes);
        }
    }
}
