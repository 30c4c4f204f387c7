package io.jdtail.engine.aggregate;

/** {@code p999(field)}: the 99.9th percentile at the nearest rank, as {@code percentile(field, 99.9)}. */
public final class P999Aggregate extends FixedPercentileAggregate {

    public P999Aggregate() {
        super("p999", 14, "99.9");
    }
}
