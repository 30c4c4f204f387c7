package io.jdtail.engine.aggregate;

/** {@code min(field)}: the smallest numeric value. */
public final class MinAggregate extends OneFieldAggregate {

    public MinAggregate() {
        super("min", 3, "min($goroutines)", kind -> new ExtremeState(kind, false), (kind, in) -> ExtremeState.read(kind, false, in));
    }
}
