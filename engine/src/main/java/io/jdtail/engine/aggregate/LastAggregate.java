package io.jdtail.engine.aggregate;

/** {@code last(field)} and a bare selected field: the value of the last row, exactly as logged. */
public final class LastAggregate extends OneFieldAggregate {

    public LastAggregate() {
        super("last", 6, "last($time)", kind -> new LastState(kind, false), (kind, in) -> LastState.read(kind, false, in));
    }

    @Override
    public boolean meansBareField() {
        return true;
    }
}
