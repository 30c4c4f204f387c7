package io.jdtail.grammar;

import io.jdtail.ast.Argument;
import java.util.List;
import java.util.Optional;

/**
 * What the parser must know of one aggregation to check a call: its names, the kinds of its
 * arguments and an example for error messages. The aggregations themselves are engine plug-ins
 * that implement this.
 */
public interface AggregateSignature {

    /** The name as written in queries, lower case, e.g. {@code avg}. */
    String name();

    /** Other names for the same aggregation, lower case; none by default. */
    default List<String> aliases() {
        return List.of();
    }

    /** The kinds of the arguments in order; the first must be {@link Parameter#FIELD}, the value read. */
    List<Parameter> parameters();

    /** One or more correct calls for error messages, e.g. {@code avg($goroutines)}. */
    String example();

    /**
     * Checks what the argument kinds cannot say (a percent within (0,100], say). Called only with
     * arguments of the right number and kinds.
     *
     * @return empty when the arguments are fine, else what is expected, e.g. {@code the percent must be in (0, 100]}
     */
    default Optional<String> checkArguments(List<Argument> arguments) {
        return Optional.empty();
    }

    /** The kind of one argument. */
    enum Parameter {
        FIELD("a field"),
        NUMBER("a number"),
        STRING("a string");

        private final String description;

        Parameter(String description) {
            this.description = description;
        }

        /** How an error message names it, e.g. {@code a number}. */
        public String description() {
            return description;
        }
    }
}
