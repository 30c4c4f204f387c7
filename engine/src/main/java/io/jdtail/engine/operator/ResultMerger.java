package io.jdtail.engine.operator;

import io.jdtail.engine.aggregate.AggregateState;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The client's half of a map-reduce plan: merges partials from any number of servers (or reader
 * threads) in whatever order they come, and renders the merged result ordered and limited.
 * Thread-safe.
 */
public final class ResultMerger {

    private final ResultNode node;
    private final PartialAggregate merged;

    public ResultMerger(ResultNode node) {
        this.node = node;
        this.merged = new PartialAggregate(node.kinds());
    }

    public ResultNode node() {
        return node;
    }

    public synchronized void merge(PartialAggregate partial) {
        merged.merge(partial);
    }

    /** A copy of the counters merged so far. */
    public synchronized PartialAggregate.Counters counters() {
        PartialAggregate.Counters copy = new PartialAggregate.Counters();
        copy.add(merged.counters());
        return copy;
    }

    /** The current result: rows ordered by the order column (else by group key) and limited. */
    public synchronized ResultTable result(Instant time) {
        return render(node, merged, time);
    }

    /** Renders any partial under a result node's order and limit (used for per-interval results). */
    public static ResultTable render(ResultNode node, PartialAggregate partial, Instant time) {
        record Group(byte[] key, List<Cell> cells) {
        }
        List<Group> groups = new ArrayList<>(partial.groups());
        partial.forEach((key, states) -> {
            List<Cell> cells = new ArrayList<>(states.length);
            for (AggregateState s : states) {
                cells.add(s.render());
            }
            groups.add(new Group(key, cells));
        });
        Comparator<Group> byKey = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());
        Comparator<Group> order = node.orderColumn()
                .map(o -> {
                    Comparator<Group> byColumn = (a, b) -> compareCells(a.cells().get(o.index()), b.cells().get(o.index()), o.descending());
                    return byColumn.thenComparing(byKey);
                })
                .orElse(byKey);
        groups.sort(order);
        int limit = node.limit().orElse(Integer.MAX_VALUE);
        List<List<Cell>> rows = groups.stream().limit(limit).map(Group::cells).toList();
        return new ResultTable(node.headers(), rows, time);
    }

    /**
     * Numbers compare as numbers, text as text, numbers before text; empty cells (no value) always
     * come last, whatever the direction.
     */
    static int compareCells(Cell a, Cell b, boolean descending) {
        boolean aEmpty = a.text().isEmpty();
        boolean bEmpty = b.text().isEmpty();
        if (aEmpty || bEmpty) {
            return Boolean.compare(aEmpty, bEmpty);
        }
        int c;
        if (a.isNumeric() && b.isNumeric()) {
            c = Double.compare(a.number(), b.number());
        } else if (a.isNumeric() != b.isNumeric()) {
            c = a.isNumeric() ? -1 : 1;
        } else {
            c = a.text().compareTo(b.text());
        }
        return descending ? -c : c;
    }
}
