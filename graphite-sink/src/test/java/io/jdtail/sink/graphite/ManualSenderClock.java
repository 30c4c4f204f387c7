package io.jdtail.sink.graphite;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link SenderClock} whose time passes only when a test says so, one asked-for wait at a time. */
final class ManualSenderClock implements SenderClock {

    /** A wait the sink asked for, or a mark the test put in the line ({@link #mark}). */
    record Wait(Duration delay, Runnable wake, boolean isMark) {
    }

    private final BlockingQueue<Wait> waits = new LinkedBlockingQueue<>();
    private final AtomicLong now = new AtomicLong();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void after(Duration delay, Runnable wake) {
        waits.add(new Wait(delay, wake, false));
    }

    /** The next wait the sink asks for, waiting for the asking at most {@code limit} of real time. */
    Wait next(Duration limit) throws InterruptedException {
        Wait w = waits.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
        if (w == null) {
            fail("the sink asked for no wait within " + limit);
        }
        return w;
    }

    /**
     * Puts a wait of nothing at the end of the line, so that a test passing the sink's waits one by one
     * learns that what it waited for has happened.
     */
    void mark() {
        waits.add(new Wait(Duration.ZERO, () -> { }, true));
    }

    /** Lets {@code time} pass without waking any wait (for what the sink measures, not what it waits for). */
    void advance(Duration time) {
        now.addAndGet(time.toNanos());
    }

    /** Lets the wait's time pass and wakes whoever waits. */
    void pass(Wait w) {
        now.addAndGet(w.delay().toNanos());
        w.wake().run();
    }
}
