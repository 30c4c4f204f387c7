package io.jdtail.ast;

/** A numeric literal kept as written ({@code 500}, {@code -1.5}); {@code value} is its number. */
public record NumberLiteral(String text) implements Operand, Expression {

    public NumberLiteral {
        Double.parseDouble(text);
    }

    public double value() {
        return Double.parseDouble(text);
    }
}
