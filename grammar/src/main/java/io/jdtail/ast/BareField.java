package io.jdtail.ast;

/** A field selected without aggregation: shows the last value seen in the group. */
public record BareField(Field field) implements SelectItem {

    @Override
    public String text() {
        return field.text();
    }
}
