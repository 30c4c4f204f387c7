package io.jdtail.ast;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code function(arguments)}, e.g. {@code avg(latency)}, {@code count(*)} or (a plug-in's)
 * {@code percentile(latency, 99)}. Which functions exist and which arguments they take is the
 * engine's business (its aggregates are plug-ins); the parser checks calls against an
 * {@link io.jdtail.grammar.AggregateCatalog}. The first argument is always the field the
 * aggregation reads.
 *
 * @param function  the function name in lower case, as written (an alias stays an alias, so the
 *                  column header is what the user wrote)
 * @param arguments the arguments in order, at least the field
 */
public record Aggregation(String function, List<Argument> arguments) implements SelectItem {

    public Aggregation {
        if (function.isEmpty() || !function.equals(function.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("aggregation name must be non-empty lower case: '" + function + "'");
        }
        arguments = List.copyOf(arguments);
        if (arguments.isEmpty() || !(arguments.getFirst() instanceof Field)) {
            throw new IllegalArgumentException("the first argument of " + function + "() must be a field: " + arguments);
        }
    }

    /** A call with the field as its only argument, e.g. {@code sum(bytes)}. */
    public Aggregation(String function, Field field) {
        this(function, List.of(field));
    }

    /** The field the aggregation reads: its first argument. */
    @Override
    public Field field() {
        return (Field) arguments.getFirst();
    }

    /** The arguments after the field, e.g. {@code 99} of {@code percentile(latency, 99)}. */
    public List<Argument> parameters() {
        return arguments.subList(1, arguments.size());
    }

    @Override
    public String text() {
        return function + arguments.stream().map(Argument::text).collect(Collectors.joining(", ", "(", ")"));
    }
}
