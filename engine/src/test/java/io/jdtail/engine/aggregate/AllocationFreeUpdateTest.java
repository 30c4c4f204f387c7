package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hot loop updates a group's states for every row: for every registered aggregate, an update
 * with values no longer than earlier ones allocates nothing (states are primitives and reused
 * buffers), so a new aggregate that allocates per row is caught here.
 */
class AllocationFreeUpdateTest {

    private static final int ROWS = 100_000;
    /** What measuring itself may cost (the bean's own bookkeeping), far below one object per row. */
    private static final long SLACK_BYTES = 4_096;
    /**
     * A state may change its form once as it grows: percentiles keep their values exactly up to
     * 10,000 and then build a sketch (at row 12,500 here, as 4 of 5 values are numbers). That one
     * change allocates; the rows before and after it are measured, the rows around it are not.
     */
    private static final int BEFORE_CHANGE = 8_000;
    private static final int AFTER_CHANGE = 20_000;

    @Test
    void updatingAStateAllocatesNothingPerRow() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RowLayout layout = new RowLayout(List.of("v"));
        Row row = new Row(layout);
        byte[][] values = {bytes("12.5"), bytes("-3"), bytes("n/a"), bytes("110316288"), bytes("")};
        for (Aggregate aggregate : Aggregates.installed().all()) {
            AggregateState state = aggregate.newState();
            feed(state, row, values, 0, 1_000); // grow reused buffers to the longest value first
            long before = threads.getCurrentThreadAllocatedBytes();
            feed(state, row, values, 1_000, BEFORE_CHANGE);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            feed(state, row, values, BEFORE_CHANGE, AFTER_CHANGE);
            before = threads.getCurrentThreadAllocatedBytes();
            feed(state, row, values, AFTER_CHANGE, ROWS);
            allocated += threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes %s() allocated for %d rows", aggregate.name(), ROWS).isLessThan(SLACK_BYTES);
        }
    }

    /**
     * The same law for the percentiles' sketch form, which the few repeated values above never
     * reach: once a percentile is a DDSketch whose bins cover the values, a row allocates nothing.
     */
    @Test
    void updatingASketchedPercentileAllocatesNothingPerRow() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Row row = new Row(new RowLayout(List.of("v")));
        int distinct = 20_000;
        byte[][] values = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            values[i] = bytes(Integer.toString(1 + i * 37 % distinct));
        }
        for (String name : List.of("p99", "percentile", "quantile")) {
            AggregateState state = Aggregates.installed().byName(name).orElseThrow().newState();
            feed(state, row, values, 0, 2 * distinct); // past the exact limit, every value seen: the bins exist
            long before = threads.getCurrentThreadAllocatedBytes();
            feed(state, row, values, 2 * distinct, ROWS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes %s() allocated for %d rows", name, ROWS - 2 * distinct).isLessThan(SLACK_BYTES);
        }
    }

    /**
     * count_distinct's HLL form: DataSketches' HllSketch.update hashes through MurmurHash3 into new
     * arrays (88 bytes a row), so a value the sketch was given lately does not go to it again (which
     * would change nothing): a row of an active user allocates nothing. The memory is direct-mapped,
     * so the active users here are 200 whose hashes it keeps apart (two that share a position take
     * turns and each costs the update).
     */
    @Test
    void updatingASketchedDistinctCountWithValuesSeenLatelyAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Row row = new Row(new RowLayout(List.of("v")));
        byte[][] many = new byte[12_000][];
        for (int i = 0; i < many.length; i++) {
            many[i] = bytes("user" + i);
        }
        List<byte[]> apart = new ArrayList<>();
        Set<Integer> positions = new HashSet<>();
        for (int i = 0; apart.size() < 200; i++) {
            if (positions.add((int) DistinctValues.hash(many[i], 0, many[i].length) & (DistinctValues.RECENT - 1))) {
                apart.add(many[i]);
            }
        }
        byte[][] active = apart.toArray(byte[][]::new);
        for (String name : List.of("count_distinct", "distinct")) {
            AggregateState state = Aggregates.installed().byName(name).orElseThrow().newState();
            feed(state, row, many, 0, many.length); // past the exact limit: sketched
            feed(state, row, active, 0, active.length);
            long before = threads.getCurrentThreadAllocatedBytes();
            feed(state, row, active, 0, ROWS);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes %s() allocated for %d rows", name, ROWS).isLessThan(SLACK_BYTES);
        }
    }

    private static void feed(AggregateState state, Row row, byte[][] values, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] v = values[i % values.length];
            row.clear();
            row.ordinal(i);
            row.setBytes(0, v, 0, v.length);
            state.accumulate(row, 0);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
