package io.jdtail.engine.aggregate;

/** {@code p90(field)}: the 90th percentile at the nearest rank, as {@code percentile(field, 90)}. */
public final class P90Aggregate extends FixedPercentileAggregate {

    public P90Aggregate() {
        super("p90", 11, "90");
    }
}
