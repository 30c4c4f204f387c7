package io.jdtail.engine.sink;

import java.io.IOException;

/** Makes sinks of one kind; found through {@link java.util.ServiceLoader}. */
public interface ResultSinkProvider {

    /** The kind, e.g. {@code csv}, {@code graphite}. */
    String name();

    ResultSink open(SinkRequest request) throws IOException;

    /**
     * Checks {@code target} by the rule {@link #open} reads it with, opening nothing, so that a bad
     * target is refused where it is configured rather than when results first arrive. Accepts
     * every target by default (a path is only known to be bad when it is opened).
     *
     * @throws IOException saying what is wrong with the target
     */
    default void checkTarget(String target) throws IOException {
    }
}
