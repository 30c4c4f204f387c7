package io.jdtail.engine.execution;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who reads which range of a file read in ranges at once, and the ranges read ahead of their turn: ranges
 * {@code 0 .. ranges-1} are taken in order, each by exactly one thread, as threads come free. The thread that shows
 * the ranges in order takes the range whose turn it is when no one has ({@link #claimIfNext}); when a helper has it
 * and is still reading it, the showing thread reads the next free ranges ahead itself ({@link #claimWhileWaiting})
 * rather than wait idle, then waits for it ({@link #await}). Helpers take the next free range ({@link #claimAhead}).
 * At most {@code ahead} ranges are read ahead of their turn and not yet shown at any time, so that what they keep
 * stays bounded when showing is slower than reading.
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
            ahead.release(); // for the next helper waiting: each one that wakes wakes the next
            return -1;
        }
        return takeNext();
    }

    /**
     * For the thread that shows, waiting for range {@code k} that a helper took: the next free range to read ahead of its
     * turn meanwhile, or -1 when range {@code k} is read already, every range is taken, {@code ahead} ranges wait to be
     * shown, or reading ahead stopped.
     */
    int claimWhileWaiting(int k) {
        return stopped || results[k].isDone() || !ahead.tryAcquire() ? -1 : takeNext();
    }

    /** The next free range for one who holds a place ahead, which is given back when there is none. */
    private int takeNext() {
        int k = next.getAndIncrement();
        if (k >= ranges) {
            ahead.release();
            return -1;
        }
        return k;
    }

    /** Range {@code k} was read ahead of its turn. */
    void held(int k, T held) {
        results[k].complete(held);
    }

    /** Range {@code k} could not be read ahead of its turn: the thread that shows gets the failure in its turn. */
    void failed(int k, Throwable failure) {
        results[k].completeExceptionally(failure);
    }

    /** For the thread that shows: what was kept of range {@code k} read ahead of its turn, once it is read. */
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

    /** A range read ahead of its turn is shown: one more may be read ahead. */
    void shown() {
        ahead.release();
    }

    /**
     * No more ranges are read ahead of their turn (the read is over, done or failed, or reading ahead does not pay): helpers
     * take none, and the thread that shows takes each range in its turn.
     */
    void stop() {
        stopped = true;
        ahead.release();
    }
}
