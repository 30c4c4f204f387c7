package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Quick check of count_distinct's cost per row (not a unit test, not JMH), in the shape of the JSON bench's query:
 * 4 groups of 5,000 users of 8 bytes, rows in random order, CPU time of this thread. Usage: {@code java -cp ...
 * io.jdtail.engine.aggregate.DistinctValuesBench}.
 */
public final class DistinctValuesBench {

    private DistinctValuesBench() {
    }

    public static void main(String[] args) {
        Aggregate kind = Aggregates.installed().byName("count_distinct").orElseThrow();
        int rows = 2_000_000;
        byte[] values = new byte[rows * 8];
        int[] groups = new int[rows];
        Random random = new Random(42);
        for (int i = 0; i < rows; i++) {
            byte[] v = ("user" + (1000 + random.nextInt(5000))).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(v, 0, values, i * 8, 8);
            groups[i] = random.nextInt(4);
        }
        Row row = new Row(new RowLayout(List.of("user")));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 8; round++) {
            DistinctValues[] states = new DistinctValues[4];
            for (int g = 0; g < states.length; g++) {
                states[g] = new DistinctValues(kind);
            }
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < rows; i++) {
                row.clear();
                row.setBytes(0, values, i * 8, 8);
                states[groups[i]].accumulate(row, 0);
            }
            long t1 = threads.getCurrentThreadCpuTime();
            if (round >= 4) { // the first rounds warm the JIT up
                System.out.printf("%.1f ns per row (CPU)%n", (t1 - t0) / (double) rows);
            }
        }
    }
}
