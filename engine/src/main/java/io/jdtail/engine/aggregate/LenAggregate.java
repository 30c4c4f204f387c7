package io.jdtail.engine.aggregate;

/** {@code len(field)}: the number of characters of the last value. */
public final class LenAggregate extends OneFieldAggregate {

    public LenAggregate() {
        super("len", 7, "len($time)", kind -> new LastState(kind, true), (kind, in) -> LastState.read(kind, true, in));
    }
}
