package io.jdtail.engine.execution;

import java.util.function.LongConsumer;

/**
 * What every running server plan reports besides its data. Serverless, the client consumes it
 * directly; dserver turns each call into a frame. Implementations must be thread-safe: reader
 * threads call in concurrently.
 */
public interface Emitter {

    /** A problem with one input (unreadable file, ...); the plan goes on with the others. */
    void problem(String message);

    /** Progress: {@code bytes} more bytes of input were read. */
    default void progress(long bytes) {
    }

    /**
     * One line of {@code input} was longer than {@code maxLineLength} bytes and was read in {@code pieces} pieces
     * (see {@link SplitLines} for what that changes). Called once per such line, when its last piece is read.
     */
    default void splitLine(String input, int maxLineLength, long pieces) {
    }

    /** {@link #splitLine} for one input, as a reader's selection calls it with the pieces of each such line. */
    default LongConsumer splitLinesOf(String input, int maxLineLength) {
        return pieces -> splitLine(input, maxLineLength, pieces);
    }
}
