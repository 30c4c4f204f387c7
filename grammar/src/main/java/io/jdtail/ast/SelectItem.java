package io.jdtail.ast;

/** One entry of the select list: an aggregation over a field, or a bare field (its last value). */
public sealed interface SelectItem permits Aggregation, BareField {

    /** The field the item reads. */
    Field field();

    /** Canonical text of the item, e.g. {@code count($line)} or {@code status}; used as column header. */
    String text();
}
