package io.jdtail.sink.graphite;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The lines not yet sent, bounded: when full, the oldest go and are counted. Also where the writer,
 * the sender and {@link GraphiteResultSink#close} meet: every change of state (lines added, a batch
 * sent or put back, closing, a retry due, the connection gone) wakes whoever waits on it.
 */
final class SendQueue {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private int inFlight;
    private long dropped;
    private long sent;
    private long losses;
    private long droppedReported;
    private long lossesReported;
    private boolean closing;
    private boolean closeDeadlinePassed;
    private boolean stopped;
    private long retriesDue;

    SendQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Appends the lines, dropping the oldest when full. */
    void add(List<String> newLines, String whereTo) throws IOException {
        lock.lock();
        try {
            if (closing) {
                throw new IOException("graphite sink for " + whereTo + " is closed");
            }
            for (String line : newLines) {
                if (lines.size() >= capacity) {
                    lines.pollFirst();
                    dropped++;
                }
                lines.addLast(line);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until there are lines, the queue is stopped, or {@code giveUp} says so (checked whenever the
     * state changes: call {@link #wake} after making it true), then takes up to {@code max} of the oldest.
     * Empty when stopped or given up.
     */
    List<String> takeBatch(int max, BooleanSupplier giveUp) {
        lock.lock();
        try {
            while (lines.isEmpty() && !stopped && !giveUp.getAsBoolean()) {
                changed.await();
            }
            if (stopped || lines.isEmpty()) {
                return List.of();
            }
            int n = Math.min(lines.size(), max);
            List<String> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(lines.pollFirst());
            }
            inFlight = n;
            return batch;
        } catch (InterruptedException e) {
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /** The batch taken last was handed to the operating system. */
    void sent(int n) {
        change(() -> {
            inFlight = 0;
            sent += n;
        });
    }

    /** Puts a failed batch back at the head; if the buffer filled up meanwhile, its oldest go. */
    void requeue(List<String> batch) {
        lock.lock();
        try {
            inFlight = 0;
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (lines.size() >= capacity) {
                    dropped += i + 1;
                    break;
                }
                lines.addFirst(batch.get(i));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a lost connection. */
    void lost() {
        change(() -> losses++);
    }

    /** Wakes the waiters to look again at state kept elsewhere (the connection). */
    void wake() {
        change(() -> { });
    }

    /** The number of the retry the next {@link #awaitRetry} waits for. */
    long nextRetry() {
        return locked(() -> retriesDue + 1);
    }

    /** The clock says retry number {@code retry} is due. */
    void retryDue(long retry) {
        change(() -> retriesDue = Math.max(retriesDue, retry));
    }

    /** Waits until that retry is due, the queue stops, or closing begins (so that a last attempt is made). */
    void awaitRetry(long retry) {
        lock.lock();
        try {
            boolean wasClosing = closing;
            while (retriesDue < retry && !stopped && closing == wasClosing) {
                changed.await();
            }
        } catch (InterruptedException ignored) {
            // stopping
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further lines; false when closing had begun already. */
    boolean startClosing() {
        lock.lock();
        try {
            if (closing) {
                return false;
            }
            closing = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    void closeDeadlinePassed() {
        change(() -> closeDeadlinePassed = true);
    }

    /** Waits until everything was sent or the close deadline passed, then stops the sender. */
    void flushThenStop() {
        lock.lock();
        try {
            while ((!lines.isEmpty() || inFlight > 0) && !closeDeadlinePassed) {
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            changed.signalAll();
            lock.unlock();
        }
    }

    boolean isStopped() {
        return locked(() -> stopped);
    }

    /**
     * Waits, at most {@code limit} of real time, until the condition holds; it is checked at every change of
     * state. For tests and callers that wait for an event.
     */
    boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long left = limit.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts since the previous call, and what is waiting now. */
    record News(long newDrops, long newLosses, int waiting) {
    }

    News news() {
        lock.lock();
        try {
            News n = new News(dropped - droppedReported, losses - lossesReported, lines.size() + inFlight);
            droppedReported = dropped;
            lossesReported = losses;
            return n;
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        return locked(() -> dropped);
    }

    /** Lines waiting, including a batch being sent. */
    int waiting() {
        return locked(() -> lines.size() + inFlight);
    }

    long sent() {
        return locked(() -> sent);
    }

    /** The buffered lines, oldest first. */
    List<String> snapshot() {
        return locked(() -> List.copyOf(lines));
    }

    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Changes the state under the lock and wakes every waiter. */
    private void change(Runnable update) {
        lock.lock();
        try {
            update.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
