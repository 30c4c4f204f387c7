package io.jdtail.ast;

/** One where condition; all conditions of a query must hold. */
public record Condition(Operand left, ComparisonOperator operator, Operand right) {
}
