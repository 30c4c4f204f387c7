package io.jdtail.server.e2e;

import io.jdtail.remote.ServerAddress;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.e2e.ProtocolLimitsTest.Follow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote follow through log rotation: a client that keeps up gets every line exactly once, however
 * fast the lines come right after a rotation; a client that really stalls loses lines, and is told
 * exactly how many.
 */
class RemoteFollowRotationTest extends E2eServersTest {

    /**
     * Lines written at once right after each rotation: twice the 10,000 lines PlanSessionHandler's follow
     * queue holds. A rename leaves the new file growing while the follower still drains the old one, so
     * the new file's first read is a burst like this one even when the writer keeps a steady rate.
     */
    private static final int BURST = 20_000;

    /** How logrotate moves a log aside. */
    enum Rotation {
        RENAME {
            @Override
            void rotate(Path log) throws IOException {
                Path one = sibling(log, ".1");
                if (Files.exists(one)) {
                    Files.move(one, sibling(log, ".2"), StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(log, one);
            }
        },
        COPYTRUNCATE {
            @Override
            void rotate(Path log) throws IOException {
                Files.copy(log, sibling(log, ".1"), StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    c.truncate(0);
                }
            }
        };

        abstract void rotate(Path log) throws IOException;

        private static Path sibling(Path log, String suffix) {
            return log.resolveSibling(log.getFileName() + suffix);
        }
    }

    /** A follow session of {@code log} through one dserver, its reader attached (a first line has arrived). */
    record FollowedLog(Path log, Server server, NumberedSink sink, Follow follow) {
        /** Creates {@code log} empty and follows it. */
        static FollowedLog start(E2eServers fixture, Path log, String hostname) throws Exception {
            Files.createFile(log);
            Server server = fixture.start(hostname);
            NumberedSink sink = new NumberedSink();
            Follow follow = new Follow(fixture, server, sink, log);
            ProtocolLimitsTest.warmUp(log, sink, server);
            return new FollowedLog(log, server, sink, follow);
        }
    }

    @Test
    void aClientThatKeepsUpGetsEveryLineThroughThreeRenamesAndACopytruncate() throws Exception {
        FollowedLog session = FollowedLog.start(fixture, dir.resolve("app.log"), "e2e-rotation");
        Path log = session.log();
        NumberedSink sink = session.sink();

        int written = 0;
        for (Rotation rotation : List.of(Rotation.RENAME, Rotation.RENAME, Rotation.RENAME, Rotation.COPYTRUNCATE)) {
            rotation.rotate(log);
            ProtocolLimitsTest.appendBurst(log, written, BURST);
            written += BURST;
            // every line of this round has arrived, or the server has counted it as dropped
            sink.awaitAccountedFor(written, "the lines written so far, after a " + rotation);
        }
        session.follow().stop();
        System.out.println("rotation: " + sink.summary(written));

        assertThat(sink.summary(written)).as("a client that keeps up, after 3 renames and a copytruncate")
                .isEqualTo(NumberedSink.complete(written));
        assertThat(sink.problems).isEmpty();
    }

    /**
     * A client stalled during a burst loses lines, and the count the server sends equals the lines that
     * never arrived: no more (lines the client did get), no less (lines lost unannounced).
     */
    @Test
    void aStalledClientIsToldExactlyHowManyLinesItLost() throws Exception {
        FollowedLog session = FollowedLog.start(fixture, dir.resolve("burst.log"), "e2e-stalled");
        Path log = session.log();
        NumberedSink sink = session.sink();

        // the client stalls on the first numbered line; meanwhile five times the follow queue is written
        sink.stallOnFirstNumberedLine();
        ProtocolLimitsTest.appendBurst(log, 0, 1);
        E2eServers.await(sink.stalled, E2eServers.WAIT, "the client stalled on line 0");
        int total = 1 + 5 * 10_000;
        ProtocolLimitsTest.appendBurst(log, 1, total - 1);
        // the server's reader gets through the whole file only by dropping what the stalled client cannot take
        long size = Files.size(log);
        E2eServers.await(() -> E2eServers.readPosition(log) == size, E2eServers.WAIT, "dserver's reader at the end of the file");
        sink.resume.countDown();
        sink.awaitAccountedFor(total, "every line received or counted as dropped");
        session.follow().stop();
        System.out.println("stalled: " + sink.summary(total));

        assertThat(sink.missing(total)).as("lines lost by a stalled client (" + sink.summary(total) + ")").isPositive();
        assertThat(sink.droppedInStats()).as("the drop count the server sent (" + sink.summary(total) + ")")
                .isEqualTo(sink.missing(total));
        assertThat(sink.duplicates()).isZero();
    }

    /**
     * Records which numbered lines ({@link ProtocolLimitsTest#numberedLine}) arrived, in a bit set rather
     * than a list of copies (a hundred thousand lines of 1 KiB); other lines are recorded as usual.
     */
    static final class NumberedSink extends RecordingSink {
        private final BitSet seen = new BitSet();
        private long duplicates;
        private int lowestPercent = 100;
        /** Counted down while the first numbered line arrives; the sink then stalls until {@link #resume}. */
        final CountDownLatch stalled = new CountDownLatch(1);
        /** Ends the stall; a stall ends by itself after {@link E2eServers#WAIT}. */
        final CountDownLatch resume = new CountDownLatch(1);
        private final AtomicBoolean stallOnFirst = new AtomicBoolean();

        NumberedSink stallOnFirstNumberedLine() {
            stallOnFirst.set(true);
            return this;
        }

        @Override
        public void lines(ServerAddress server, LineBatch batch) {
            batch.forEach((file, number, pct, terminated, buf, off, len) -> {
                int n = numberOf(buf, off, len);
                if (n < 0) {
                    line(server, new Messages.Line(file, number, pct, terminated, Arrays.copyOfRange(buf, off, off + len)));
                    return;
                }
                if (stallOnFirst.compareAndSet(true, false)) {
                    stalled.countDown();
                    awaitResume();
                }
                synchronized (this) {
                    if (seen.get(n)) {
                        duplicates++;
                    }
                    seen.set(n);
                    lowestPercent = Math.min(lowestPercent, pct);
                }
            });
        }

        private void awaitResume() {
            try {
                resume.await(E2eServers.WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static int numberOf(byte[] buf, int off, int len) {
            if (len < 8 || buf[off + 7] != ' ') {
                return -1;
            }
            int n = 0;
            for (int i = off; i < off + 7; i++) {
                if (buf[i] < '0' || buf[i] > '9') {
                    return -1;
                }
                n = n * 10 + buf[i] - '0';
            }
            return n;
        }

        long droppedInStats() {
            return stats.stream().mapToLong(Messages.Stats::linesDropped).max().orElse(0);
        }

        synchronized long received() {
            return seen.cardinality();
        }

        synchronized long duplicates() {
            return duplicates;
        }

        /** Lines received plus lines the server said it dropped. */
        long accountedFor() {
            return received() + droppedInStats();
        }

        /** Waits until {@code total} lines are received or counted as dropped; else fails with what did arrive. */
        void awaitAccountedFor(int total, String what) throws InterruptedException {
            try {
                E2eServers.await(() -> accountedFor() >= total, E2eServers.WAIT, what);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + summary(total), e);
            }
        }

        synchronized long missing(int total) {
            return total - seen.get(0, total).cardinality();
        }

        static String complete(int total) {
            return "received " + total + " of " + total + ", 0 missing, 0 duplicated, 0 dropped";
        }

        synchronized String summary(int total) {
            int firstMissing = seen.nextClearBit(0);
            return "received " + seen.get(0, total).cardinality() + " of " + total + ", " + missing(total) + " missing, "
                    + duplicates + " duplicated, " + droppedInStats() + " dropped"
                    + (firstMissing < total ? " (first missing line " + firstMissing + ", lowest transmitted percentage "
                    + lowestPercent + "%, stats " + stats + ")" : "");
        }
    }
}
