package io.jdtail.server.e2e;

import io.jdtail.server.e2e.RemoteFollowRotationTest.FollowedLog;
import io.jdtail.server.e2e.RemoteFollowRotationTest.NumberedSink;
import io.jdtail.server.e2e.RemoteFollowRotationTest.Rotation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: how many lines a remote follow loses while a writer appends at a steady rate and the log is
 * rotated three times by rename and once by copytruncate. One in-process dserver on 127.0.0.1, one client that
 * keeps up (it only records which numbered lines arrived), one writer thread appending a batch every 5 ms.
 * The copytruncate waits until dserver's reader has read the file to its end (copytruncate loses whatever a
 * follower has not read yet, whoever the follower is: that loss is not measured here). Prints, per run, the
 * lines written, lost and counted as dropped by the server.
 *
 * <pre>
 *   java -cp TEST_CLASSPATH io.jdtail.server.e2e.FollowLossBench [linesPerSecond [seconds [lineBytes [runs]]]]
 * </pre>
 * (defaults 50000 8 40 3; TEST_CLASSPATH as in {@code bench/remote}'s sessions part).
 */
public final class FollowLossBench {

    private static final long BATCH_NANOS = 5_000_000L;

    private FollowLossBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int lineBytes = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("follow-loss");
            try (E2eServers fixture = new E2eServers(dir)) {
                System.out.println(rate + " lines/s, run " + run + ": " + measure(fixture, dir, rate, seconds, lineBytes));
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.exit(0);
    }

    private static String measure(E2eServers fixture, Path dir, int rate, int seconds, int lineBytes) throws Exception {
        FollowedLog session = FollowedLog.start(fixture, dir.resolve("app.log"), "bench-follow");
        Path log = session.log();
        NumberedSink sink = session.sink();

        int total = rate * seconds;
        // three renames and a copytruncate, evenly spread
        List<Rotation> rotations = List.of(Rotation.RENAME, Rotation.RENAME, Rotation.RENAME, Rotation.COPYTRUNCATE);
        int perBatch = Math.max(1, (int) ((long) rate * BATCH_NANOS / 1_000_000_000L));
        byte[] pad = "x".repeat(Math.max(0, lineBytes - 9)).getBytes(StandardCharsets.US_ASCII);
        OutputStream out = append(log);
        long start = System.nanoTime();
        int next = 0;
        int rotated = 0;
        while (next < total) {
            if (rotated < rotations.size() && next >= (long) total * (rotated + 1) / (rotations.size() + 1)) {
                Rotation r = rotations.get(rotated++);
                // closed first: readPosition looks at every descriptor of the file, the writer's too
                out.close();
                if (r == Rotation.COPYTRUNCATE) {
                    long size = Files.size(log);
                    E2eServers.await(() -> E2eServers.readPosition(log) >= size, E2eServers.WAIT,
                            "dserver's reader at the end of the file before the copytruncate");
                }
                r.rotate(log);
                out = append(log);
            }
            int end = Math.min(total, next + perBatch);
            StringBuilder batch = new StringBuilder();
            for (; next < end; next++) {
                batch.append(String.format("%07d ", next));
                batch.append(new String(pad, StandardCharsets.US_ASCII)).append('\n');
            }
            out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long due = start + (long) next * 1_000_000_000L / rate;
            LockSupport.parkNanos(due - System.nanoTime());
        }
        out.close();
        double took = (System.nanoTime() - start) / 1e9;
        try {
            sink.awaitAccountedFor(total, "every line received or counted as dropped");
        } catch (AssertionError e) {
            // lost without being counted: the summary below says how many
        }
        session.follow().stop();
        return String.format("written %d in %.1f s (%.0f lines/s); %s", total, took, total / took, sink.summary(total));
    }

    private static OutputStream append(Path log) throws IOException {
        return Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
