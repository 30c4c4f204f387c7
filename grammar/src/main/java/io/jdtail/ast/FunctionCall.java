package io.jdtail.ast;

/** {@code md5sum(field)} or {@code maskdigits(field)} in a set assignment. */
public record FunctionCall(ScalarFunction function, Field argument) implements Expression {
}
