package io.jdtail.engine.execution;

/** Receives the lines of a cat, grep or tail plan, in order per file. */
public interface LineEmitter extends Emitter {

    /**
     * One selected or context line. {@code buf[off, off+len)} is only valid during the call.
     *
     * @param file       the file's path as the user named it (or found by a glob); "-" for stdin
     * @param lineNumber 1-based; pieces of an over-long line share its number
     * @param terminated in cat plans: false for an input's last line without newline, and for all
     *                   but the last piece of an over-long line, so that writing the bytes, plus a
     *                   newline when terminated, reproduces the input exactly. Grep and follow
     *                   plans show lines as GNU grep does: every line (and piece) is terminated.
     */
    void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated);

    /**
     * False when line numbers are never shown (plain output): a grep may then pass over runs of
     * lines without counting them.
     */
    default boolean wantsLineNumbers() {
        return true;
    }

    /** A gap between two non-adjacent groups of context lines (grep prints {@code --}). */
    void separator(String file);
}
