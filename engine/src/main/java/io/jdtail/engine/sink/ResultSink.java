package io.jdtail.engine.sink;

import java.io.Closeable;
import java.io.IOException;

/** Where results go besides the terminal: a CSV file, Graphite, ... */
public interface ResultSink extends Closeable {

    /**
     * Writes one complete result. A replacing sink makes it replace the previous one atomically
     * (a reader never sees half a result); an appending sink adds its rows.
     */
    void write(ResultTable table) throws IOException;
}
