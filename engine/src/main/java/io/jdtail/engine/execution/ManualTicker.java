package io.jdtail.engine.execution;

import java.time.Duration;
import java.time.Instant;

/**
 * A {@link Ticker} whose time moves only when {@link #advance} is called: a wait on it ends when its timeout has
 * been advanced past, never for a wakeup (a file system event), so a follow polls exactly when its test says.
 * {@link #awaitWaiting} tells the test that a follower has finished its poll and waits for time to move. Wall time
 * and monotonic time move together. Thread-safe.
 */
public final class ManualTicker implements Ticker {

    private long nanos;
    private final long epochMillisAtZero;
    /** Waits started so far: the follower has ended that many polls. */
    private long waits;
    /** Waits going on now. */
    private int waiting;

    /** Starts at the wall-clock instant {@code start}. */
    public ManualTicker(Instant start) {
        this.epochMillisAtZero = start.toEpochMilli();
    }

    @Override
    public synchronized Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public synchronized long millis() {
        return epochMillisAtZero + nanos / 1_000_000L;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Moves time on by {@code d} and ends the waits whose timeout it passes. */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        nanos += d.toNanos();
        notifyAll();
    }

    @Override
    public synchronized boolean await(Wakeup wakeup, long millis) throws InterruptedException {
        long until = nanos + millis * 1_000_000L;
        waits++;
        waiting++;
        notifyAll();
        try {
            while (nanos < until) {
                wait();
            }
        } finally {
            waiting--;
        }
        return false;
    }

    /**
     * Waits (at most {@code limit} of real time) until {@code count} waits have started in all: a follower that
     * has started its {@code count}th wait has finished that many polls. Throws when the limit passes first.
     */
    public synchronized void awaitWaiting(long count, Duration limit) throws InterruptedException {
        awaitCondition(() -> waits >= count, count + " waits", limit);
    }

    /**
     * Once the follower waits, moves time on by {@code d} (which must reach the end of its wait) and returns when
     * it waits again: exactly one poll ran in between. Each step waits at most {@code limit} of real time.
     */
    public synchronized void advanceOnePoll(Duration d, Duration limit) throws InterruptedException {
        awaitCondition(() -> waiting > 0, "a wait to start", limit);
        long before = waits;
        advance(d);
        awaitCondition(() -> waits > before, "the next wait after a poll", limit);
    }

    private void awaitCondition(java.util.function.BooleanSupplier condition, String what, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no " + what + " within " + limit + " (" + waits + " waits so far)");
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    /** The waits started so far. */
    public synchronized long waits() {
        return waits;
    }
}
