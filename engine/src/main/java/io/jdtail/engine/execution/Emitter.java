package io.jdtail.engine.execution;

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
}
