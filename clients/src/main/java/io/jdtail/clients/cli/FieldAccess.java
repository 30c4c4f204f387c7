package io.jdtail.clients.cli;

import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;

/**
 * One option's field in {@link CommandModels}: read and written by the generated code's switch on the option's
 * number, where picocli's own binding would find the field by its annotation.
 */
abstract class FieldAccess implements IGetter, ISetter {

    private final int option;

    FieldAccess(int option) {
        this.option = option;
    }

    /** The field of option number {@code option}, boxed. */
    abstract Object read(int option);

    /** Sets the field of option number {@code option} to {@code value} (of the field's boxed type). */
    abstract void write(int option, Object value);

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T get() {
        return (T) read(option);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T set(T value) {
        T previous = (T) read(option);
        write(option, value);
        return previous;
    }
}
