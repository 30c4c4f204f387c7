package io.jdtail.engine.sink;

import java.io.IOException;

/** Makes sinks of one kind; found through {@link java.util.ServiceLoader}. */
public interface ResultSinkProvider {

    /** The kind, e.g. {@code csv}, {@code graphite}. */
    String name();

    ResultSink open(SinkRequest request) throws IOException;
}
