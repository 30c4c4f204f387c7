package io.jdtail.clients;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes numbered lines at a steady rate (batches on a fixed schedule, each flushed) and rotates
 * the file on the way, by rename (logrotate's default) or copytruncate.
 */
final class RotatingWriter {

    enum Rotation { RENAME, COPYTRUNCATE }

    static final String PAYLOAD = " the quick brown fox jumps over";

    private final Path file;
    private final int lines;
    private final int batch;
    private final long batchNanos;
    private final Set<Integer> rotateAt;
    private final Rotation rotation;
    private OutputStream out;
    final List<String> events = new ArrayList<>();

    /** Lines 0..lines-1, {@code batch} lines every {@code batchMillis} ms, rotating before the lines numbered in {@code rotateAt} (multiples of the batch). */
    RotatingWriter(Path file, int lines, int batch, long batchMillis, Set<Integer> rotateAt, Rotation rotation) {
        this.file = file;
        this.lines = lines;
        this.batch = batch;
        this.batchNanos = batchMillis * 1_000_000L;
        this.rotateAt = rotateAt;
        this.rotation = rotation;
        if (rotateAt.stream().anyMatch(r -> r % batch != 0)) {
            throw new IllegalArgumentException("rotate at batch boundaries");
        }
    }

    static String line(int i) {
        return String.format("%06d%s", i, PAYLOAD);
    }

    private OutputStream open() throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), 1 << 16);
    }

    /** Writes every line; returns the seconds it took. */
    double run() throws IOException, InterruptedException {
        out = open();
        long start = System.nanoTime();
        long next = start;
        try {
            for (int i = 0; i < lines; ) {
                if (rotateAt.contains(i)) {
                    rotate(i);
                    next = System.nanoTime();
                }
                int end = Math.min(lines, i + batch);
                StringBuilder b = new StringBuilder(batch * 40);
                for (; i < end; i++) {
                    b.append(line(i)).append('\n');
                }
                out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                next += batchNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                }
            }
        } finally {
            out.close();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void rotate(int before) throws IOException, InterruptedException {
        Path one = file.resolveSibling(file.getFileName() + ".1");
        Path two = file.resolveSibling(file.getFileName() + ".2");
        switch (rotation) {
            case RENAME -> {
                out.close();
                if (Files.exists(one)) {
                    Files.move(one, two, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(file, one);
                out = open();
                events.add("renamed before line " + before);
            }
            case COPYTRUNCATE -> {
                out.flush();
                Thread.sleep(200);
                Files.copy(file, one, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    c.truncate(0);
                }
                Thread.sleep(200);
                events.add("copytruncated before line " + before);
            }
        }
    }

    /**
     * Checks that {@code received} is exactly lines 0..n-1 in order; returns null when it is, else
     * a short account of what is wrong (first divergence, missing, duplicated, foreign lines).
     */
    static String verify(List<String> received, int n) {
        return verify(received, n, received.size());
    }

    /** As {@link #verify(List, int)}, where {@code total} lines arrived of which only {@code received} were kept. */
    static String verify(List<String> received, int n, long total) {
        BitSet seen = new BitSet(n);
        int duplicates = 0;
        int foreign = 0;
        List<String> foreignSamples = new ArrayList<>();
        int firstDivergence = -1;
        for (int k = 0; k < received.size(); k++) {
            String l = received.get(k);
            if (firstDivergence < 0 && (k >= n || !l.equals(line(k)))) {
                firstDivergence = k;
            }
            int number = -1;
            if (l.length() == 6 + PAYLOAD.length() && l.endsWith(PAYLOAD)) {
                try {
                    number = Integer.parseInt(l.substring(0, 6));
                } catch (NumberFormatException e) {
                    number = -1;
                }
            }
            if (number < 0 || number >= n) {
                foreign++;
                if (foreignSamples.size() < 5) {
                    foreignSamples.add(l);
                }
            } else if (seen.get(number)) {
                duplicates++;
            } else {
                seen.set(number);
            }
        }
        if (firstDivergence < 0 && received.size() == n && total == received.size()) {
            return null;
        }
        int missing = n - seen.cardinality();
        StringBuilder s = new StringBuilder();
        s.append("received ").append(total).append(" lines, expected ").append(n)
                .append("; missing ").append(missing).append(", duplicated ").append(duplicates)
                .append(", foreign ").append(foreign).append(foreignSamples);
        if (missing > 0) {
            s.append("; first missing line ").append(seen.nextClearBit(0));
            int from = seen.nextClearBit(0);
            int to = seen.nextSetBit(from);
            s.append(" (missing run ").append(from).append("..").append(to < 0 ? n - 1 : to - 1).append(')');
        }
        if (firstDivergence >= 0) {
            s.append("; first divergence at index ").append(firstDivergence).append(": got '")
                    .append(firstDivergence < received.size() ? received.get(firstDivergence) : "<end>")
                    .append("', expected '").append(firstDivergence < n ? line(firstDivergence) : "<end>").append('\'');
        }
        return s.toString();
    }
}
