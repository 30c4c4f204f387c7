package io.jdtail.engine.aggregate;

import java.util.Objects;

/** A state that remembers the aggregate that made it; the base of every state, plug-ins' included. */
public abstract class KindedState implements AggregateState {

    private final Aggregate kind;

    protected KindedState(Aggregate kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public final Aggregate kind() {
        return kind;
    }
}
