package io.jdtail.engine.operator;

import io.jdtail.engine.aggregate.AggregateState;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.row.Numbers;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
        record Group(List<String> key, List<Cell> cells) {
        }
        List<Group> groups = new ArrayList<>(partial.groups());
        partial.forEach((key, states) -> {
            List<Cell> cells = new ArrayList<>(states.length);
            for (int j = 0; j < states.length; j++) {
                cells.add(node.calls().get(j).render(states[j]));
            }
            groups.add(new Group(PartialAggregate.decodeKey(key), cells));
        });
        Comparator<Group> byKey = (a, b) -> compareKeys(a.key(), b.key());
        Comparator<Group> order = node.orderColumn()
                .map(o -> {
                    Comparator<Group> byColumn = (a, b) -> compareCells(a.cells().get(o.index()), b.cells().get(o.index()), o.descending());
                    return byColumn.thenComparing(byKey);
                })
                .orElse(byKey);
        groups.sort(order);
        int limit = node.limit().orElse(Integer.MAX_VALUE);
        List<Group> shown = groups.stream().limit(limit).toList();
        List<List<Optional<String>>> keys = shown.stream()
                .map(g -> g.key().stream().map(Optional::ofNullable).toList())
                .toList();
        return new ResultTable(node.headers(), shown.stream().map(Group::cells).toList(), time,
                new ResultTable.Grouping(node.groupFields(), node.keyColumns(), keys));
    }

    /** Group keys in natural order: field by field, numbers as numbers before text, text as text, absent first. */
    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? -1 : 1;
                }
                continue;
            }
            double nx = Numbers.parse(x);
            double ny = Numbers.parse(y);
            boolean xn = !Double.isNaN(nx);
            boolean yn = !Double.isNaN(ny);
            int c = xn && yn ? Double.compare(nx, ny) : xn != yn ? (xn ? -1 : 1) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
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
