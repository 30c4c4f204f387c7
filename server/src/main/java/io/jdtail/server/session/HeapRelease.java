package io.jdtail.server.session;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Gives back the heap a burst of read-once requests made grow, once the burst is over. While a cat
 * streams at full speed, the SSH packets in flight (queued by MINA between our writes and the
 * socket) outlive young collections and are promoted; the serial collector makes room for them by
 * growing the old generation, and returns that memory only after a full collection, which a
 * server that goes on to follow files may never need. So when no read-once request has run for
 * {@link #QUIET}, one full collection is asked for; dserver's launcher sets the collector to
 * shrink the heap to what is live right then ({@code -XX:-ShrinkHeapInSteps}).
 */
final class HeapRelease {

    static final Duration QUIET = Duration.ofSeconds(2);

    private final BiConsumer<Duration, Runnable> later;
    private final Runnable collect;
    private int running;
    /** Counts the requests started, so that a check sees whether one came after it was scheduled. */
    private long started;

    /** Runs the check on a virtual thread after {@link #QUIET}; the collection is {@link System#gc()}. */
    HeapRelease() {
        this((delay, check) -> Thread.ofVirtual().name("jdtail-heap-release").start(() -> {
            try {
                Thread.sleep(delay);
                check.run();
            } catch (InterruptedException e) {
                // nothing to release then
            }
        }), System::gc);
    }

    /**
     * @param later   runs a check after a delay
     * @param collect the full collection
     */
    HeapRelease(BiConsumer<Duration, Runnable> later, Runnable collect) {
        this.later = later;
        this.collect = collect;
    }

    /** A read-once request starts reading. */
    synchronized void started() {
        running++;
        started++;
    }

    /** A read-once request is done; when it was the last one, the heap is released after a quiet spell. */
    void ended() {
        long burst;
        synchronized (this) {
            if (--running > 0) {
                return;
            }
            burst = started;
        }
        later.accept(QUIET, () -> {
            synchronized (this) {
                if (running > 0 || started != burst) {
                    return; // the burst went on; its own end schedules the release
                }
            }
            collect.run();
        });
    }
}
