package io.jdtail.clients;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An output stream that a running command writes to while the test watches its complete lines arrive. */
final class LiveOutput extends OutputStream {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    /** Beyond this many lines only the count goes on: runaway output must fail the test, not exhaust the heap. */
    static final int KEEP_AT_MOST = 1_000_000;
    private long dropped;

    @Override
    public synchronized void write(int b) {
        if (all.size() < 64 << 20) {
            all.write(b);
        }
        if (b == '\n') {
            if (lines.size() < KEEP_AT_MOST) {
                lines.add(pending.toString(StandardCharsets.UTF_8));
            } else {
                dropped++;
            }
            pending.reset();
            notifyAll();
        } else if (pending.size() < 16 << 20) {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** The complete lines so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    synchronized long lineCount() {
        return lines.size() + dropped;
    }

    synchronized long dropped() {
        return dropped;
    }

    /** Everything written so far, including an incomplete last line. */
    synchronized String text() {
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the lines satisfy the condition; false when the time is up. */
    synchronized boolean await(Predicate<List<String>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(lines)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
        return true;
    }

    boolean awaitLine(String line, Duration timeout) throws InterruptedException {
        return await(l -> l.contains(line), timeout);
    }

    boolean awaitContaining(String part, Duration timeout) throws InterruptedException {
        return await(l -> l.stream().anyMatch(x -> x.contains(part)), timeout);
    }
}
