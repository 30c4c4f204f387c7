package io.jdtail.clients.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Follow latency of dtail: the time from a line being appended to a file until dtail prints it.
 * Starts {@code DTAIL --plain --shutdownAfter S FILE}, waits until dtail is attached (it prints a
 * marker line), appends RATE lines/s for SECONDS s (one write per line, each line carrying its
 * System.nanoTime() write time), reads dtail's stdout and timestamps each line's arrival in the
 * same JVM, so both times come from one monotonic clock. Prints count, p50, p90, p99, max in ms.
 *
 * <p>Single-file program: {@code java FollowLatency.java DTAIL FILE [RATE [SECONDS]]} (see
 * bench/follow-latency). Not a unit test.
 */
public final class FollowLatency {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java FollowLatency.java DTAIL FILE [LINES_PER_SECOND [SECONDS]]");
            System.exit(2);
        }
        String dtail = args[0];
        Path file = Path.of(args[1]);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int total = rate * seconds;
        int shutdownAfter = seconds + 5;
        Files.writeString(file, "");

        Process p = new ProcessBuilder(dtail, "--plain", "--shutdownAfter", String.valueOf(shutdownAfter), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        long[] written = new long[total];
        long[] latency = new long[total];
        BitSet seen = new BitSet(total);
        int[] duplicates = {0};
        int[] foreign = {0};
        long[] firstMarker = {0};
        Object lock = new Object();

        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long now = System.nanoTime();
                    synchronized (lock) {
                        if (line.equals("marker")) {
                            if (firstMarker[0] == 0) {
                                firstMarker[0] = now;
                                lock.notifyAll();
                            }
                            continue;
                        }
                        String[] parts = line.split(" ");
                        int seq;
                        long at;
                        try {
                            seq = Integer.parseInt(parts[0]);
                            at = Long.parseLong(parts[1]);
                        } catch (RuntimeException e) {
                            foreign[0]++;
                            continue;
                        }
                        if (seq < 0 || seq >= total) {
                            foreign[0]++;
                        } else if (seen.get(seq)) {
                            duplicates[0]++;
                        } else {
                            seen.set(seq);
                            latency[seq] = now - at;
                        }
                        lock.notifyAll();
                    }
                }
            } catch (IOException e) {
                System.err.println("reading dtail's output: " + e.getMessage());
            }
        }, "dtail-stdout");
        reader.start();

        long start;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            // dtail starts at the end of the file: append markers until one is printed, so it is attached
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                synchronized (lock) {
                    if (firstMarker[0] != 0) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    System.err.println("dtail printed nothing within 30 s (alive: " + p.isAlive() + ")");
                    p.destroyForcibly();
                    System.exit(1);
                }
                out.write("marker\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50);
            }
            long interval = 1_000_000_000L / rate;
            start = System.nanoTime();
            long next = start;
            byte[] pad = " the quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < total; i++) {
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                }
                long t = System.nanoTime();
                written[i] = t;
                byte[] head = (i + " " + t).getBytes(StandardCharsets.US_ASCII);
                byte[] line = Arrays.copyOf(head, head.length + pad.length + 1);
                System.arraycopy(pad, 0, line, head.length, pad.length);
                line[line.length - 1] = '\n';
                out.write(line); // one write(2) per line: the line is in the file from this moment
                next += interval;
            }
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        // wait for the stragglers, at most 5 s
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (lock) {
            while (seen.cardinality() < total && System.nanoTime() < until) {
                lock.wait(100);
            }
        }
        boolean exited = p.waitFor(shutdownAfter + 15, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        reader.join(5000);

        List<Long> got = new ArrayList<>();
        synchronized (lock) {
            for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
                got.add(latency[i]);
            }
        }
        long[] sorted = got.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("follow latency: dtail --plain, %d lines/s for %d s (%d lines written in %.1f s)%n", rate, seconds,
                total, writeSeconds);
        System.out.printf("received %d of %d lines, lost %d, duplicated %d, foreign %d; dtail exit status %s%n",
                sorted.length, total, total - sorted.length, duplicates[0], foreign[0], exited ? p.exitValue() : "killed");
        if (sorted.length > 0) {
            double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
            System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  (mean %.2f, min %.2f)%n",
                    pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1] / 1e6, mean, sorted[0] / 1e6);
        }
        System.exit(sorted.length == total && duplicates[0] == 0 ? 0 : 1);
    }

    /** Nearest-rank percentile, in ms. */
    static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
