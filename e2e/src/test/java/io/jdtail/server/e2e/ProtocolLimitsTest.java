package io.jdtail.server.e2e;

import io.jdtail.remote.ServerAddress;
import io.jdtail.engine.wire.Messages;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Server;
import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** MaxConcurrentCats queues read-once requests; follow mode drops lines for a slow client and says so. */
class ProtocolLimitsTest extends E2eServersTest {

    @Test
    void secondCatBeyondMaxConcurrentCatsIsQueuedAndBothComplete() throws Exception {
        Path big = E2eServers.genlog(dir.resolve("big.log"), 5, 3, "web3");
        byte[] expected = Files.readAllBytes(big);
        Server server = fixture.start("e2e-cats", "\"MaxConcurrentCats\": 1");

        CountDownLatch firstLine = new CountDownLatch(1);
        CountDownLatch secondQueued = new CountDownLatch(1);
        AtomicBoolean firstWaitedInVain = new AtomicBoolean();
        // the first client holds the only slot: it stops reading (the SSH window fills, the server waits)
        // until the second has been told it is queued
        RecordingSink first = new RecordingSink() {
            @Override
            void line(ServerAddress s, Messages.Line line) {
                super.line(s, line);
                if (firstLine.getCount() > 0) {
                    firstLine.countDown();
                    try {
                        if (!secondQueued.await(E2eServers.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                            firstWaitedInVain.set(true);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        RecordingSink second = new RecordingSink() {
            @Override
            public void stats(ServerAddress s, Messages.Stats stats) {
                super.stats(s, stats);
                if (stats.queued()) {
                    secondQueued.countDown();
                }
            }
        };
        AtomicReference<Map<ServerAddress, String>> firstFailed = new AtomicReference<>();
        AtomicReference<Map<ServerAddress, String>> secondFailed = new AtomicReference<>();
        Thread a = Thread.ofVirtual().start(() -> firstFailed.set(run(first, server, big)));
        E2eServers.await(firstLine, E2eServers.WAIT, "the first cat's first line");
        Thread b = Thread.ofVirtual().start(() -> secondFailed.set(run(second, server, big)));
        assertThat(a.join(Duration.ofSeconds(60))).as("first cat finished").isTrue();
        assertThat(b.join(Duration.ofSeconds(60))).as("second cat finished").isTrue();

        assertThat(firstWaitedInVain).as("the second cat was told it is queued while the first ran").isFalse();
        assertThat(firstFailed.get()).isEmpty();
        assertThat(secondFailed.get()).isEmpty();
        assertThat(first.stats).noneMatch(Messages.Stats::queued);
        assertThat(second.stats).anyMatch(Messages.Stats::queued);
        for (RecordingSink sink : List.of(first, second)) {
            byte[] got = sink.plainBytes(server);
            assertThat(got.length).isEqualTo(expected.length);
            assertThat(Arrays.equals(got, expected)).as("read-once output is complete").isTrue();
            assertThat(sink.linesOf(server)).allMatch(l -> l.transmittedPercent() == 100);
        }
    }

    private Map<ServerAddress, String> run(RecordingSink sink, Server server, Path file) {
        try {
            return fixture.run(fixture.settings(), sink, List.of(server), E2eServers.cat(file.toString()));
        } catch (Exception e) {
            return Map.of(server.address(), e.toString());
        }
    }

    /** A follow client that keeps up slowly with a fast writer. */
    static final class SlowSink extends RecordingSink {
        volatile long sleepNanos;
        final AtomicBoolean blockNext = new AtomicBoolean();
        /** Counted down to end the stall that {@link #blockNext} starts; bounded by {@link E2eServers#WAIT}. */
        final CountDownLatch unblock = new CountDownLatch(1);
        final AtomicBoolean blocking = new AtomicBoolean();

        @Override
        void line(ServerAddress s, Messages.Line line) {
            super.line(s, line);
            try {
                if (blockNext.compareAndSet(true, false)) {
                    blocking.set(true);
                    unblock.await(E2eServers.WAIT.toSeconds(), TimeUnit.SECONDS);
                    blocking.set(false);
                }
                if (sleepNanos > 0) {
                    Thread.sleep(Duration.ofNanos(sleepNanos));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean sawDrop(Server server) {
            return linesOf(server).stream().anyMatch(l -> l.transmittedPercent() < 100);
        }

        String summary(Server server) {
            List<Messages.Line> lines = linesOf(server);
            return lines.size() + " lines received, numbers " + (lines.isEmpty() ? "-" : lines.getFirst().number() + ".."
                    + lines.getLast().number()) + ", " + gaps(server) + " missing, lowest transmitted percentage "
                    + lines.stream().mapToInt(Messages.Line::transmittedPercent).min().orElse(100) + "%, stats " + stats;
        }

        /** Line numbers missing between the first and the last line received. */
        long gaps(Server server) {
            List<Messages.Line> lines = linesOf(server);
            if (lines.isEmpty()) {
                return 0;
            }
            long span = lines.getLast().number() - lines.getFirst().number() + 1;
            return span - lines.size();
        }
    }

    /** A follow session on a background thread, ended by {@link #stop}. */
    static final class Follow {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Object> result = new AtomicReference<>();
        final Thread thread;

        Follow(E2eServers fixture, Server server, RecordingSink sink, Path file) {
            thread = Thread.ofVirtual().start(() -> {
                try {
                    result.set(fixture.run(fixture.settings(), sink, List.of(server), E2eServers.tail(file.toString()),
                            stop::get));
                } catch (Exception e) {
                    result.set(e);
                }
            });
        }

        Object stop() throws InterruptedException {
            stop.set(true);
            assertThat(thread.join(E2eServers.WAIT)).as("the follow session ended").isTrue();
            return result.get();
        }
    }

    private static final String PAD = "x".repeat(1000);

    /** Line {@code i} of the writers below: about 1 KiB, "NNNNNNN xxxx...". */
    static String numberedLine(int i) {
        return String.format("%07d %s%n", i, PAD);
    }

    /**
     * Appends {@code count} numbered lines at about {@code perSecond}: a count, so that a loaded machine makes the
     * flood slower but never smaller.
     */
    static Thread writer(Path file, int perSecond, int count, AtomicBoolean done) {
        return Thread.ofPlatform().daemon().name("e2e-writer").start(() -> {
            long start = System.nanoTime();
            int i = 0;
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                while (i < count) {
                    for (int k = 0; k < 100; k++, i++) {
                        w.write(numberedLine(i));
                    }
                    w.flush();
                    long due = start + (long) i * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                done.set(true);
            }
        });
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Appends {@code count} numbered lines at once. */
    private static void appendBurst(Path file, int count) throws java.io.IOException {
        appendBurst(file, 0, count);
    }

    /** Appends the numbered lines {@code from} to {@code from + count - 1} at once (creating the file if need be). */
    static void appendBurst(Path file, int from, int count) throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (int i = from; i < from + count; i++) {
                w.write(numberedLine(i));
            }
        }
    }

    /** Appends "warm-up N" lines until the follow session has delivered one (its reader is attached). */
    static void warmUp(Path file, RecordingSink sink, Server server) throws Exception {
        appendUntilDelivered(file, "warm-up", sink, server);
    }

    /**
     * Appends "{@code text} N" lines, one every 100 ms, until the follow session has delivered one of them. N is the
     * line's number in the file (from 0), so that lines appended for one server and then for another that follows the
     * same file are numbered on, not again from 0: each server's lines stay consecutive.
     */
    static void appendUntilDelivered(Path file, String text, RecordingSink sink, Server server) throws Exception {
        long end = System.nanoTime() + E2eServers.WAIT.toNanos();
        long linesBefore;
        try (Stream<String> lines = Files.lines(file)) {
            linesBefore = lines.count();
        }
        for (long i = linesBefore; sink.linesOf(server).stream()
                .noneMatch(l -> new String(l.bytes(), StandardCharsets.UTF_8).startsWith(text + " ")); i++) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the follow session never delivered a line \"" + text + " N\"; problems: "
                        + sink.problems);
            }
            Files.writeString(file, text + " " + i + "\n", StandardOpenOption.APPEND);
            Thread.sleep(100);
        }
    }

    @Test
    void slowFollowClientGetsLinesDroppedAndToldSoWhileTheServerStaysResponsive() throws Exception {
        Path followed = Files.createFile(dir.resolve("follow.log"));
        Path small = Files.writeString(dir.resolve("small.log"), "one\ntwo\nthree\n");
        Server server = fixture.start("e2e-follow");
        SlowSink sink = new SlowSink();
        sink.sleepNanos = 1_000_000;                 // about 1000 lines/s at best
        Follow follow = new Follow(fixture, server, sink, followed);
        warmUp(followed, sink, server);

        AtomicBoolean written = new AtomicBoolean();
        Thread w = writer(followed, 10_000, 40_000, written);     // four seconds' worth

        // while the follow session is flooded (a follow queue's worth of lines written, ten times what the slow
        // client takes in the time), another client is served at once
        long floodStart = Files.size(followed);
        long queueWorth = 10_000L * numberedLine(0).length();
        E2eServers.await(() -> sizeOf(followed) >= floodStart + queueWorth, E2eServers.WAIT,
                "a follow queue's worth of lines written");
        long t0 = System.nanoTime();
        RecordingSink cat = new RecordingSink();
        assertThat(fixture.run(fixture.settings(), cat, List.of(server), E2eServers.cat(small.toString()))).isEmpty();
        Duration catTook = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(new String(cat.plainBytes(server), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree\n");
        assertThat(catTook).as("a dcat next to a flooded follow session").isLessThan(Duration.ofSeconds(5));

        // the client stays slow until dserver's reader has read the whole flood: by then every line of it was
        // either queued or dropped, so the client may catch up at full speed to the line that reports the drops
        assertThat(w.join(E2eServers.WAIT)).as("the flood written").isTrue();
        long flooded = Files.size(followed);
        E2eServers.await(() -> E2eServers.readPosition(followed) == flooded, E2eServers.WAIT,
                "dserver's reader at the end of the flood");
        sink.sleepNanos = 0;
        E2eServers.await(() -> sink.sawDrop(server), E2eServers.WAIT, "a line with a transmitted percentage below 100");
        // the client has taken in (or been told it lost) the whole flood once a line written after it arrives
        appendUntilDelivered(followed, "after the flood", sink, server);
        Object result = follow.stop();
        System.out.println("slow follow client: " + sink.summary(server));
        assertThat(result).isEqualTo(Map.of());
        int lowest = sink.linesOf(server).stream().mapToInt(Messages.Line::transmittedPercent).min().orElse(100);
        assertThat(lowest).isLessThan(100);
        assertThat(sink.gaps(server)).as("lines were dropped").isPositive();
    }

    /**
     * A burst while the client is stalled: most lines are dropped, and the client must learn so — the first
     * line it receives after dropped lines must carry a transmitted percentage below 100 (or a STATS frame
     * must count the drops) — even though the burst is over by the time the server can send again.
     */
    @Test
    void linesDroppedDuringABurstAreReportedToTheClient() throws Exception {
        Path followed = Files.createFile(dir.resolve("burst.log"));
        Server server = fixture.start("e2e-burst");
        SlowSink sink = new SlowSink();
        Follow follow = new Follow(fixture, server, sink, followed);
        warmUp(followed, sink, server);

        // the burst is a count, not a rate: five times the 10,000 lines PlanSessionHandler's follow queue holds,
        // so that it overruns the queue and everything in flight (SSH window, socket buffers) on any machine
        sink.blockNext.set(true);
        Files.writeString(followed, "the burst starts\n", StandardOpenOption.APPEND);
        E2eServers.await(sink.blocking::get, E2eServers.WAIT, "the client stalled on the line before the burst");
        appendBurst(followed, 50_000);
        // the server's reader gets through the burst while the client is stalled only by dropping lines
        long size = Files.size(followed);
        E2eServers.await(() -> E2eServers.readPosition(followed) == size, E2eServers.WAIT,
                "dserver's reader at the end of the burst");
        sink.unblock.countDown();
        // lines after the burst until one arrives: the gap before it shows what was dropped. (Until the client has
        // emptied what the server queued, a line that finds the queue full is dropped too, and must be reported
        // as the others: no waiting for the client to go quiet first.)
        appendUntilDelivered(followed, "after the burst", sink, server);
        follow.stop();
        System.out.println("burst: " + sink.summary(server));

        long gaps = sink.gaps(server);
        assertThat(gaps).as("the burst overran the server's queue").isPositive();
        long droppedInStats = sink.stats.stream().mapToLong(Messages.Stats::linesDropped).max().orElse(0);
        // the first line after each gap is the first the client gets after lines were dropped: it must say so
        List<Messages.Line> lines = sink.linesOf(server);
        List<String> unreported = new java.util.ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            long missing = lines.get(i).number() - lines.get(i - 1).number() - 1;
            if (missing > 0 && lines.get(i).transmittedPercent() == 100) {
                unreported.add("line " + lines.get(i).number() + " says 100% right after " + missing + " dropped lines");
            }
        }
        assertThat(unreported.isEmpty() || droppedInStats > 0)
                .as(gaps + " of " + (gaps + lines.size()) + " lines were dropped (" + sink.summary(server) + "), but "
                        + unreported + " and no STATS frame counts drops")
                .isTrue();
    }
}
