package io.jdtail.ast;

/** One argument of a function call: a field, a number ({@code percentile(latency, 99)}) or a string. */
public sealed interface Argument permits Field, NumberLiteral, StringLiteral {

    /** The argument as it must be written in a query. */
    String text();
}
