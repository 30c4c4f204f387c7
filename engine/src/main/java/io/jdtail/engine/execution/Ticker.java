package io.jdtail.engine.execution;

import java.time.InstantSource;

/**
 * The time an execution runs on: the wall clock its intervals are aligned to, the monotonic clock of its
 * periods (rescans, a rotated file's quiet period, a read-once run's interim partials) and its waits between
 * follow polls. {@link #SYSTEM} is real time; a {@link ManualTicker} moves only when told, so that follow and
 * rotation tests need no sleep and no timing luck.
 */
public interface Ticker extends InstantSource {

    /** Real time: the system clock, {@link System#nanoTime()}, and waits that end after their timeout. */
    Ticker SYSTEM = withWallClock(InstantSource.system());

    /** Real time, but the wall clock (of interval boundaries) is {@code wallClock}: a job's clock, for one. */
    static Ticker withWallClock(InstantSource wallClock) {
        return new Ticker() {
            @Override
            public java.time.Instant instant() {
                return wallClock.instant();
            }

            @Override
            public long millis() {
                return wallClock.millis();
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public boolean await(Wakeup wakeup, long millis) throws InterruptedException {
                return wakeup.await(millis);
            }
        };
    }

    /** A monotonic time in nanoseconds, for periods only (as {@link System#nanoTime()}). */
    long nanoTime();

    /**
     * Waits until {@code wakeup} fires or {@code millis} of this ticker's time have passed; true when it fired.
     * A follow waits here between polls (the wakeup is its directory watch).
     */
    boolean await(Wakeup wakeup, long millis) throws InterruptedException;

    /** Something a wait may end early for. */
    @FunctionalInterface
    interface Wakeup {
        /** Waits for it at most {@code millis} real milliseconds (0: only looks); true when it came. */
        boolean await(long millis) throws InterruptedException;
    }
}
