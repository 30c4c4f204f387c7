package io.jdtail.ast;

import java.util.regex.Pattern;

/**
 * A numeric literal kept as written ({@code 500}, {@code -1.5}); {@code value} is its number. The
 * text must have the query language's number syntax (optional minus, digits, optional fraction),
 * so that every literal can be written back into a query.
 */
public record NumberLiteral(String text) implements Operand, Expression, Argument {

    private static final Pattern SYNTAX = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    public NumberLiteral {
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("not a number literal: " + text);
        }
    }

    public double value() {
        return Double.parseDouble(text);
    }
}
