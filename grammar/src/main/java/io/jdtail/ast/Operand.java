package io.jdtail.ast;

/** One side of a where condition. */
public sealed interface Operand permits Field, StringLiteral, NumberLiteral {
}
