package io.jdtail.engine.aggregate;

/** {@code p99(field)}: the 99th percentile at the nearest rank, as {@code percentile(field, 99)}. */
public final class P99Aggregate extends FixedPercentileAggregate {

    public P99Aggregate() {
        super("p99", 13, "99");
    }
}
