package io.jdtail.engine.aggregate;

import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * An aggregate declared by its name, wire tag, argument kinds, example, and its state's
 * constructor and decoder; subclasses add rendering or argument checks where they need them.
 */
abstract class DeclaredAggregate implements Aggregate {

    /** Decodes a state's payload for its aggregate. */
    @FunctionalInterface
    interface StateReader {
        AggregateState read(Aggregate kind, DataInput in) throws IOException;
    }

    private final String name;
    private final int wireTag;
    private final List<Parameter> parameters;
    private final String example;
    private final Function<Aggregate, AggregateState> newState;
    private final StateReader reader;

    DeclaredAggregate(String name, int wireTag, List<Parameter> parameters, String example,
                      Function<Aggregate, AggregateState> newState, StateReader reader) {
        this.name = name;
        this.wireTag = wireTag;
        this.parameters = List.copyOf(parameters);
        this.example = example;
        this.newState = newState;
        this.reader = reader;
    }

    @Override
    public final AggregateState newState() {
        return newState.apply(this);
    }

    @Override
    public final AggregateState read(DataInput in) throws IOException {
        return reader.read(this, in);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public final String example() {
        return example;
    }

    @Override
    public final int wireTag() {
        return wireTag;
    }

    @Override
    public String toString() {
        return name;
    }
}
