package io.jdtail.engine.aggregate;

import io.jdtail.engine.row.Row;

/**
 * A state fed with numbers: an absent field is skipped, a value that is not a finite number is refused
 * (and counted by the caller), anything else goes to {@link #add}.
 */
abstract class NumericState extends KindedState {

    NumericState(Aggregate kind) {
        super(kind);
    }

    @Override
    public final boolean accumulate(Row row, int slot) {
        if (!row.has(slot)) {
            return true;
        }
        double v = row.number(slot);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return false;
        }
        add(v);
        return true;
    }

    abstract void add(double value);
}
