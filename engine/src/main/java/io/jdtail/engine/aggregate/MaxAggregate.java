package io.jdtail.engine.aggregate;

/** {@code max(field)}: the largest numeric value. */
public final class MaxAggregate extends OneFieldAggregate {

    public MaxAggregate() {
        super("max", 4, "max($goroutines)", kind -> new ExtremeState(kind, true), (kind, in) -> ExtremeState.read(kind, true, in));
    }
}
