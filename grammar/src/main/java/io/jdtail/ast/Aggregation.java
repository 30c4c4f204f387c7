package io.jdtail.ast;

/** {@code function(field)}, e.g. {@code avg(latency)} or {@code count(*)}. */
public record Aggregation(AggregateFunction function, Field field) implements SelectItem {

    @Override
    public String text() {
        return function.keyword() + "(" + field.text() + ")";
    }
}
