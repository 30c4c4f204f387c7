package io.jdtail.ast;

/** {@code set $variable = expression}. */
public record Assignment(Field variable, Expression value) {

    public Assignment {
        if (!variable.isVariable()) {
            throw new IllegalArgumentException("set target must be a $variable: " + variable.name());
        }
    }
}
