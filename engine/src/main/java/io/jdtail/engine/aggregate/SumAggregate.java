package io.jdtail.engine.aggregate;

/** {@code sum(field)}: the exact sum of the numeric values. */
public final class SumAggregate extends OneFieldAggregate {

    public SumAggregate() {
        super("sum", 2, "sum($goroutines)", SumState::new, SumState::read);
    }
}
