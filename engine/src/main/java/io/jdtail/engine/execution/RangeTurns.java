package io.jdtail.engine.execution;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who reads which range of a file read in ranges at once, and the ranges read ahead of their turn: ranges
 * {@code 0 .. ranges-1} are taken in order, each by exactly one thread, as threads come free. The thread that shows
 * the ranges in order takes the range whose turn it is when no one has ({@link #claimIfNext}) and else waits for it
 * ({@link #await}); helpers take the next free range ({@link #claimAhead}), but at most {@code ahead} ranges that
 * are read and not yet shown at any time, so that what they keep stays bounded when showing is slower than
 * reading.
 *
 * @param <T> what a helper keeps of a range it read
 */
final class RangeTurns<T> {

    private final int ranges;
    private final AtomicInteger next = new AtomicInteger();
    private final Semaphore ahead;
    private final CompletableFuture<T>[] results;
    private volatile boolean stopped;

    @SuppressWarnings("unchecked")
    RangeTurns(int ranges, int ahead) {
        this.ranges = ranges;
        this.ahead = new Semaphore(Math.max(1, ahead));
        this.results = new CompletableFuture[ranges];
        for (int k = 0; k < ranges; k++) {
            results[k] = new CompletableFuture<>();
        }
    }

    /** For the thread that shows: true (range {@code k} is now its own) when no thread has taken it yet. */
    boolean claimIfNext(int k) {
        return next.compareAndSet(k, k + 1);
    }

    /**
     * For a helper: the next range no one has taken, once fewer than {@code ahead} ranges wait to be shown; -1 when
     * every range is taken or the read stopped.
     */
    int claimAhead() {
        try {
            ahead.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        if (stopped) {
            return -1;
        }
        int k = next.getAndIncrement();
        if (k >= ranges) {
            ahead.release();
            return -1;
        }
        return k;
    }

    /** A helper read range {@code k}. */
    void held(int k, T held) {
        results[k].complete(held);
    }

    /** A helper could not read range {@code k}: the thread that shows gets the failure in its turn. */
    void failed(int k, Throwable failure) {
        results[k].completeExceptionally(failure);
    }

    /** For the thread that shows: what the helper that took range {@code k} kept, once it has read it. */
    T await(int k) throws IOException {
        try {
            return results[k].get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** A range a helper read is shown: a helper may take one more. */
    void shown() {
        ahead.release();
    }

    /** The read is over (done or failed): helpers waiting for a range take none. */
    void stop() {
        stopped = true;
        ahead.release(ranges + 1);
    }
}
