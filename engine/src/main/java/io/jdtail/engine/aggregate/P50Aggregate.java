package io.jdtail.engine.aggregate;

/** {@code p50(field)}: the 50th percentile at the nearest rank, as {@code percentile(field, 50)}. */
public final class P50Aggregate extends FixedPercentileAggregate {

    public P50Aggregate() {
        super("p50", 10, "50");
    }
}
