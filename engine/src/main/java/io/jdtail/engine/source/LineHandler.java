package io.jdtail.engine.source;

/** Receives the lines a {@link LineReader} finds. */
public interface LineHandler {

    /**
     * One line, {@code buf[off, off+len)} without its newline; {@code offset} is the position of
     * its first byte in the (decompressed) input; {@code terminated} is false for the last line of
     * an input that does not end in a newline, and for all but the last piece of an over-long line.
     * The buffer is reused after the call returns.
     */
    void line(byte[] buf, int off, int len, long offset, boolean terminated);

    /** Called after every buffer of input; a cheap place for periodic work (interval emission). */
    default void endOfBuffer(long bytesConsumed) {
    }
}
