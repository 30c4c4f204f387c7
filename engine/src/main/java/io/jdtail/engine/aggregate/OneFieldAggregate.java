package io.jdtail.engine.aggregate;

import java.util.List;
import java.util.function.Function;

/**
 * An aggregate called with one field and nothing else, as all of DTail's are: {@code sum(bytes)}.
 * A subclass names its state's constructor and decoder.
 */
abstract class OneFieldAggregate extends DeclaredAggregate {

    OneFieldAggregate(String name, int wireTag, String example, Function<Aggregate, AggregateState> newState,
                      StateReader reader) {
        super(name, wireTag, List.of(Parameter.FIELD), example, newState, reader);
    }
}
