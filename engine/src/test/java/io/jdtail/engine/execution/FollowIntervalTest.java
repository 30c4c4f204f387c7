package io.jdtail.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.testing.Engines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follow run's partials are cut at wall-clock boundaries (epoch multiples of the interval, by
 * an injected clock the test moves by hand), each holding only the lines read since the previous
 * one, and each carrying the interval it covers.
 */
@Timeout(30)
class FollowIntervalTest {

    @TempDir
    Path dir;

    /** Time moves only when the test says so, and the follower polls only then. */
    static final class Clock {
        final ManualTicker ticker;

        Clock(long millis) {
            ticker = new ManualTicker(Instant.ofEpochMilli(millis));
        }

        /** Moves the clock to {@code millis} and returns once the follower has polled at that time. */
        void pollAt(long millis) throws InterruptedException {
            ticker.advanceOnePoll(Duration.ofMillis(millis - ticker.millis()), Duration.ofSeconds(10));
        }

        /** Moves the clock to {@code millis}, which lets a follower told to stop end. */
        void moveTo(long millis) {
            ticker.advance(Duration.ofMillis(millis - ticker.millis()));
        }
    }

    record Emitted(List<List<String>> rows, FollowInterval interval) {
    }

    /** Collects partials (rendered) and counts the bytes the follower read. */
    static final class Collector implements PartialEmitter {
        final Plan plan;
        final List<Emitted> emitted = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        long bytes;

        Collector(Plan plan) {
            this.plan = plan;
        }

        @Override
        public synchronized void partial(PartialAggregate partial) {
            throw new AssertionError("the follower must give the interval");
        }

        @Override
        public synchronized void partial(PartialAggregate partial, FollowInterval interval) {
            ResultTable t = ResultMerger.render(plan.client().result().orElseThrow(), partial, interval.end());
            emitted.add(new Emitted(t.rows().stream().map(r -> r.stream().map(ResultTable.Cell::text).toList()).toList(), interval));
            notifyAll();
        }

        @Override
        public synchronized void problem(String message) {
            problems.add(message);
        }

        @Override
        public synchronized void progress(long n) {
            bytes += n;
            notifyAll();
        }

        synchronized void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what + "; emitted " + emitted + ", problems " + problems);
                }
                wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }

        synchronized Emitted awaitPartial(int index) throws InterruptedException {
            await(() -> emitted.size() > index, "partial " + index);
            return emitted.get(index);
        }

        synchronized int count() {
            return emitted.size();
        }
    }

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static FollowInterval interval(long startMillis, long endMillis, boolean last) {
        return new FollowInterval(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis), last);
    }

    @Test
    void partialsAreCutAtClockAlignedBoundariesAndHoldOnlyTheirIntervalsLines() throws Exception {
        Path f = Files.createFile(dir.resolve("app.log"));
        Plan plan = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS).plan(new PlanRequest(PlanRequest.Mode.TAIL,
                List.of(f.toString()), ".", false, 0, 0, 0,
                Optional.of("select k, count(*) group by k logformat testkv interval 1s")));
        Clock clock = new Clock(10_000_250);
        Collector c = new Collector(plan);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                // read from the start: no race between the runner attaching and the first write
                new FollowRunner(plan.server(), Engines.HOST, io.jdtail.engine.source.FileGate.PROCESS, clock.ticker, p -> true).run(c, stop::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        append(f, "k=a\nk=a\nk=a\n");
        clock.pollAt(10_000_300);
        assertThat(c.bytes).as("the first lines read").isEqualTo(12);
        assertThat(c.count()).as("no boundary passed yet").isZero();
        clock.pollAt(10_001_000); // the first boundary: the first interval starts at the run's start
        assertThat(c.awaitPartial(0)).isEqualTo(new Emitted(List.of(List.of("a", "3")), interval(10_000_250, 10_001_000, false)));

        append(f, "k=b\nk=b\n");
        clock.pollAt(10_001_100);
        assertThat(c.bytes).as("the second lines read").isEqualTo(20);
        clock.pollAt(10_003_500); // two boundaries at once: one partial up to the later one, nothing repeated
        assertThat(c.awaitPartial(1)).isEqualTo(new Emitted(List.of(List.of("b", "2")), interval(10_001_000, 10_003_000, false)));

        clock.pollAt(10_004_000); // an interval without lines is still reported, empty
        assertThat(c.awaitPartial(2)).isEqualTo(new Emitted(List.of(), interval(10_003_000, 10_004_000, false)));

        append(f, "k=c\n");
        clock.pollAt(10_004_100);
        assertThat(c.bytes).as("the last line read").isEqualTo(24);
        stop.set(true);
        clock.moveTo(10_004_700);
        done.get(10, TimeUnit.SECONDS);
        assertThat(c.emitted).hasSize(4);
        assertThat(c.emitted.get(3)).isEqualTo(new Emitted(List.of(List.of("c", "1")), interval(10_004_000, 10_004_700, true)));
        assertThat(c.problems).isEmpty();
    }

    @Test
    void aBoundaryReachedAsTheRunStopsEndsAWholeIntervalBeforeTheLastPartial() throws Exception {
        Path f = Files.createFile(dir.resolve("app.log"));
        Plan plan = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS).plan(new PlanRequest(PlanRequest.Mode.TAIL,
                List.of(f.toString()), ".", false, 0, 0, 0,
                Optional.of("select k, count(*) group by k logformat testkv interval 500ms")));
        Clock clock = new Clock(7_000_100);
        Collector c = new Collector(plan);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                new FollowRunner(plan.server(), Engines.HOST, io.jdtail.engine.source.FileGate.PROCESS, clock.ticker, p -> true).run(c, stop::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        append(f, "k=x\nk=y\n");
        clock.pollAt(7_000_200);
        assertThat(c.bytes).as("the lines read").isEqualTo(8);
        // the boundary and the stop come together (as at midnight for a job restarting on day change)
        stop.set(true);
        clock.moveTo(7_000_500);
        done.get(10, TimeUnit.SECONDS);
        assertThat(c.emitted).containsExactly(
                new Emitted(List.of(List.of("x", "1"), List.of("y", "1")), interval(7_000_100, 7_000_500, false)),
                new Emitted(List.of(), interval(7_000_500, 7_000_500, true)));
    }
}
