package io.jdtail.sink.graphite;

import java.time.Duration;

/**
 * The time the Graphite sender waits on: the pause before it tries to connect again, and how long
 * {@link GraphiteResultSink#close} may spend flushing. Injected so that tests drive it by hand.
 */
interface SenderClock {

    /** Now, in nanoseconds from an arbitrary origin (as {@link System#nanoTime()}). */
    long nanoTime();

    /** Runs {@code wake} once, {@code delay} from now, on another thread; never runs it early. */
    void after(Duration delay, Runnable wake);

    /** Real time: each wait is a virtual thread that sleeps. */
    SenderClock SYSTEM = new SenderClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void after(Duration delay, Runnable wake) {
            Thread.ofVirtual().name("graphite-timer").start(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                wake.run();
            });
        }
    };
}
