package io.jdtail.engine.source;

/** Receives the lines a {@link LineReader} finds. */
public interface LineHandler {

    /**
     * One line, {@code buf[off, off+len)} without its newline; {@code offset} is the position of
     * its first byte in the (decompressed) input; {@code terminated} is false for the last line of
     * an input that does not end in a newline. For a line longer than the reader's maximum, this is
     * its last piece, after the others went to {@link #piece}. The buffer is reused after the call
     * returns.
     */
    void line(byte[] buf, int off, int len, long offset, boolean terminated);

    /**
     * A piece of a line longer than the reader's maximum that is not the line's last piece: the line goes on in
     * the next call (another piece, or {@link #line} with its last piece). Kept apart from an unterminated last
     * line so that a handler can tell where lines start and end (for {@code ^} and {@code $}, and to count the
     * lines that were split). A handler that does not care sees it as an unterminated line.
     */
    default void piece(byte[] buf, int off, int len, long offset) {
        line(buf, off, len, offset, false);
    }

    /** Called after every buffer of input; a cheap place for periodic work (interval emission). */
    default void endOfBuffer(long bytesConsumed) {
    }

    /**
     * True when the handler can tell where the next line worth handing over starts (a grep with
     * a required literal): the reader then skips whole runs of lines without splitting them.
     */
    default boolean prefilters() {
        return false;
    }

    /**
     * With {@link #prefilters()}: a position in {@code buf[from, to)} at or before which the next
     * line that may be selected contains a byte, or -1 when no line in the range can be selected.
     */
    default int nextCandidate(byte[] buf, int from, int to) {
        return from;
    }

    /** With {@link #prefilters()}: whether {@link #skipped} needs the number of lines passed over. */
    default boolean countsSkippedLines() {
        return true;
    }

    /** With {@link #prefilters()}: this many whole lines were passed over unseen (0 when not counted). */
    default void skipped(int lines) {
    }

    /**
     * True when the handler takes the first line of its input as a header: a source that starts reading in the
     * middle of a file (a follow from the file's end) hands the file's first lines over first, to {@link #headLine}.
     */
    default boolean readsFirstLine() {
        return false;
    }

    /**
     * With {@link #readsFirstLine()}: a line from the start of a file that is read from its middle (a follow from
     * the file's end), handed over before the lines after the start point. It is there to be read as a header, not
     * as a line of the input. Returns true when the handler needs the line after it as well (a blank line tells
     * {@code logformat auto} nothing); the source then hands over lines up to the start point.
     */
    default boolean headLine(byte[] buf, int off, int len) {
        return false;
    }
}
