package io.jdtail.engine.execution;

import io.jdtail.engine.aggregate.PartialAggregate;

/**
 * What a running server plan produces. Serverless, the client consumes it directly; dserver
 * turns each call into a frame. Implementations must be thread-safe: reader threads call in
 * concurrently.
 */
public interface Emitter {

    /** A partial aggregate: what was aggregated since the previous one from the same reader. */
    void partial(PartialAggregate partial);

    /** A problem with one input (unreadable file, ...); the plan goes on with the others. */
    void problem(String message);

    /** Progress: {@code bytes} more bytes of input were read. */
    default void progress(long bytes) {
    }
}
