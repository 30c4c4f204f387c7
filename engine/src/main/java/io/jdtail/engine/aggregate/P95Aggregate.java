package io.jdtail.engine.aggregate;

/** {@code p95(field)}: the 95th percentile at the nearest rank, as {@code percentile(field, 95)}. */
public final class P95Aggregate extends FixedPercentileAggregate {

    public P95Aggregate() {
        super("p95", 12, "95");
    }
}
