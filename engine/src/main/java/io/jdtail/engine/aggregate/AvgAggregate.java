package io.jdtail.engine.aggregate;

/** {@code avg(field)}: the mean of the numeric values, kept as exact sum and count. */
public final class AvgAggregate extends OneFieldAggregate {

    public AvgAggregate() {
        super("avg", 5, "avg($goroutines)", AvgState::new, AvgState::read);
    }
}
