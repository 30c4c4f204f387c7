package io.jdtail.engine.aggregate;

import java.io.DataInput;
import java.io.IOException;

/**
 * Every kind of aggregate state with its wire tag. Tags are part of the partial-aggregate wire
 * format: never renumber them, only add.
 */
public enum StateKind {
    COUNT(1) {
        @Override public AggregateState newState() { return new CountState(); }
        @Override public AggregateState read(DataInput in) throws IOException { return CountState.read(in); }
    },
    SUM(2) {
        @Override public AggregateState newState() { return new SumState(); }
        @Override public AggregateState read(DataInput in) throws IOException { return SumState.read(in); }
    },
    MIN(3) {
        @Override public AggregateState newState() { return new ExtremeState(false); }
        @Override public AggregateState read(DataInput in) throws IOException { return ExtremeState.read(in, false); }
    },
    MAX(4) {
        @Override public AggregateState newState() { return new ExtremeState(true); }
        @Override public AggregateState read(DataInput in) throws IOException { return ExtremeState.read(in, true); }
    },
    AVG(5) {
        @Override public AggregateState newState() { return new AvgState(); }
        @Override public AggregateState read(DataInput in) throws IOException { return AvgState.read(in); }
    },
    LAST(6) {
        @Override public AggregateState newState() { return new LastState(false); }
        @Override public AggregateState read(DataInput in) throws IOException { return LastState.read(in, false); }
    },
    LEN(7) {
        @Override public AggregateState newState() { return new LastState(true); }
        @Override public AggregateState read(DataInput in) throws IOException { return LastState.read(in, true); }
    };

    private final int tag;

    StateKind(int tag) {
        this.tag = tag;
    }

    public int tag() {
        return tag;
    }

    public abstract AggregateState newState();

    public abstract AggregateState read(DataInput in) throws IOException;

    public static StateKind byTag(int tag) throws IOException {
        for (StateKind k : values()) {
            if (k.tag == tag) {
                return k;
            }
        }
        throw new IOException("unknown aggregate state tag " + tag);
    }
}
