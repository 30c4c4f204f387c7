package io.jdtail.engine.operator;

import io.jdtail.ast.Condition;
import io.jdtail.engine.aggregate.AggregateState;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.format.ParserSetup;
import io.jdtail.engine.plan.AggregationNode;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parse, where, set, group by and aggregate, for one reader thread. Lines go in through
 * {@link #accept}; {@link #drain} hands over what was aggregated since the last drain.
 */
public final class MapReduceOperator {

    private static final byte[] STAR = {'*'};

    private final AggregationNode node;
    private final LineParser parser;
    private final Row row;
    private final Row.KeyBuffer key = new Row.KeyBuffer();
    private final int[] groupSlots;
    private final int[] valueSlots;
    private final RowPredicate[] earlyConditions;
    private final RowAssignment[] assignments;
    private final RowPredicate[] lateConditions;
    private final int lineSlot;
    private final int starSlot;
    private final int[] constantSlots;
    private final byte[][] constantValues;
    private PartialAggregate partial;

    public MapReduceOperator(AggregationNode node, HostContext host) {
        this.node = node;
        RowLayout layout = node.layout();
        this.parser = node.format().newParser(new ParserSetup(node.table(), layout));
        this.row = new Row(layout);
        this.groupSlots = node.groupSlots();
        this.valueSlots = node.columns().stream().mapToInt(AggregationNode.Column::slot).toArray();

        Set<Integer> assigned = new HashSet<>();
        node.assignments().forEach(a -> assigned.add(layout.slotOf(a.variable().name())));
        List<RowPredicate> early = new ArrayList<>();
        List<RowPredicate> late = new ArrayList<>();
        for (Condition c : node.conditions()) {
            (RowPredicate.reads(c, layout, assigned) ? late : early).add(RowPredicate.compile(c, layout));
        }
        this.earlyConditions = early.toArray(RowPredicate[]::new);
        this.lateConditions = late.toArray(RowPredicate[]::new);
        this.assignments = node.assignments().stream().map(a -> RowAssignment.compile(a, layout)).toArray(RowAssignment[]::new);

        this.lineSlot = layout.slotOf("$line");
        this.starSlot = layout.slotOf("*");
        List<Integer> slots = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (String name : CONSTANTS) {
            int slot = layout.slotOf(name);
            if (slot >= 0) {
                slots.add(slot);
                values.add(constantValue(name, host).getBytes(StandardCharsets.UTF_8));
            }
        }
        this.constantSlots = slots.stream().mapToInt(Integer::intValue).toArray();
        this.constantValues = values.toArray(byte[][]::new);
        this.partial = new PartialAggregate(node.kinds());
    }

    /** The fields whose value is the same on every line of a host. */
    private static final String[] CONSTANTS = {"$empty", "$hostname", "$server", "$timezone", "$timeoffset"};

    /**
     * A constant's value, computed only for a query that reads it: the zone's name and offset need the tz database,
     * which HostContext reads only when first asked (a tenth of a small command's start).
     */
    private static String constantValue(String name, HostContext host) {
        return switch (name) {
            case "$empty" -> "";
            case "$hostname", "$server" -> host.hostname();
            case "$timezone" -> host.timezoneName();
            case "$timeoffset" -> host.timeOffset();
            default -> throw new IllegalArgumentException("not a host constant: " + name);
        };
    }

    /** The first line of a file, for formats that read one (csv's header, auto's choice): what it was. */
    public LineParser.FirstLine firstLine(byte[] buf, int off, int len) {
        return parser.firstLine(buf, off, len);
    }

    public boolean readsHeaderLine() {
        return node.format().readsHeaderLine();
    }

    public void accept(byte[] buf, int off, int len, long ordinal) {
        PartialAggregate.Counters counters = partial.counters();
        counters.lines++;
        Row r = row;
        r.clear();
        r.ordinal(ordinal);
        // The common variables first, so a format that has a field of the same name wins (a csv
        // column "$hostname" written by an earlier dmap), as in DTail.
        if (lineSlot >= 0) {
            r.setBytes(lineSlot, buf, off, len);
        }
        if (starSlot >= 0) {
            r.setBytes(starSlot, STAR, 0, 1);
        }
        for (int i = 0; i < constantSlots.length; i++) {
            r.setBytes(constantSlots[i], constantValues[i], 0, constantValues[i].length);
        }
        switch (parser.parse(buf, off, len, r)) {
            case IGNORED -> {
                return;
            }
            case MALFORMED -> {
                counters.malformed++;
                return;
            }
            case ACCEPTED -> { }
        }
        for (RowPredicate p : earlyConditions) {
            if (!p.test(r)) {
                return;
            }
        }
        for (RowAssignment a : assignments) {
            a.apply(r);
        }
        for (RowPredicate p : lateConditions) {
            if (!p.test(r)) {
                return;
            }
        }
        counters.rows++;
        int keyLength = r.encodeKey(groupSlots, key);
        AggregateState[] states = partial.row(key.bytes(), keyLength);
        boolean usable = true;
        for (int j = 0; j < states.length; j++) {
            usable &= states[j].accumulate(r, valueSlots[j]);
        }
        if (!usable) {
            counters.unusableValues++;
        }
    }

    /** What was aggregated since the previous drain; the operator starts afresh. */
    public PartialAggregate drain() {
        PartialAggregate done = partial;
        partial = new PartialAggregate(node.kinds());
        return done;
    }
}
