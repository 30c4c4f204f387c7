package io.jdtail.engine.aggregate;

import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * An aggregate called with one field and nothing else, as all of DTail's are: {@code sum(bytes)}.
 * A subclass names its state's constructor and decoder.
 */
abstract class OneFieldAggregate implements Aggregate {

    /** Decodes a state's payload for its aggregate. */
    @FunctionalInterface
    interface StateReader {
        AggregateState read(Aggregate kind, DataInput in) throws IOException;
    }

    private final String name;
    private final int wireTag;
    private final String example;
    private final Function<Aggregate, AggregateState> newState;
    private final StateReader reader;

    OneFieldAggregate(String name, int wireTag, String example, Function<Aggregate, AggregateState> newState,
                      StateReader reader) {
        this.name = name;
        this.wireTag = wireTag;
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
        return List.of(Parameter.FIELD);
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
