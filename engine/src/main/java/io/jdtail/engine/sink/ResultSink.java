package io.jdtail.engine.sink;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Where results go besides the terminal: a CSV file, Graphite, ... */
public interface ResultSink extends Closeable {

    /**
     * Writes one complete result. A replacing sink makes it replace the previous one atomically
     * (a reader never sees half a result); an appending sink adds its rows.
     */
    void write(ResultTable table) throws IOException;

    /**
     * Trouble that does not make {@link #write} fail: a sink that delivers in the background
     * (Graphite) reports here that it cannot reach its target or had to drop results since the
     * previous call. Empty when all is well (the default).
     */
    default List<String> problems() {
        return List.of();
    }
}
