package io.jdtail.ast;

/** Right-hand side of a {@code set} assignment. */
public sealed interface Expression permits Field, StringLiteral, NumberLiteral, FunctionCall {
}
