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
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.FollowedFile;
import io.jdtail.engine.testing.Engines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * The one execution path of an aggregating plan, on real files: read once (whole files, chunks, a stream)
 * and followed (on a manual ticker: the follower polls when the test moves time on). Whatever the input, the
 * request's line filter selects the lines aggregated, and a format that reads a header line gets each file's
 * first line as its header.
 */
@Timeout(30)
class ExecutionTest {

    @TempDir
    Path dir;

    private static Plan plan(PlanRequest.Mode mode, Path file, String regex, boolean invert, String query) {
        return plan(mode, List.of(file), regex, invert, query);
    }

    private static Plan plan(PlanRequest.Mode mode, List<Path> files, String regex, boolean invert, String query) {
        return new Planner(LogFormats.load(), PlannerSettings.DEFAULTS).plan(new PlanRequest(mode,
                files.stream().map(Path::toString).toList(), regex, invert, 0, 0, 0, Optional.of(query)));
    }

    /** Merges every partial and counts bytes read; waits (bounded) for conditions on them. */
    static final class Merged implements PartialEmitter {
        final ResultMerger merger;
        final List<String> problems = new ArrayList<>();
        long bytes;

        Merged(Plan plan) {
            merger = new ResultMerger(plan.client().result().orElseThrow());
        }

        @Override
        public synchronized void partial(PartialAggregate partial) {
            merger.merge(partial);
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

        List<List<String>> rows() {
            ResultTable t = merger.result(Engines.T0);
            return t.rows().stream().map(r -> r.stream().map(ResultTable.Cell::text).toList()).toList();
        }
    }

    private static final Execution EXECUTION = Execution.of(Engines.HOST);

    private void readOnce(Plan plan, Path file, Merged out) throws InterruptedException {
        EXECUTION.run(plan.server(), Inputs.ReadOnce.asProcess(List.of(file)), out);
    }

    private void stream(Plan plan, byte[] input, Merged out) throws InterruptedException {
        EXECUTION.run(plan.server(), new Inputs.Stream(new ByteArrayInputStream(input), "-"), out);
    }

    private final ManualTicker ticker = new ManualTicker(Engines.T0);
    private final AtomicBoolean stop = new AtomicBoolean();

    /** Follows until stopped; files present at the start are read from their end unless {@code fromStart}. */
    private CompletableFuture<Void> follow(Plan plan, Merged out, boolean fromStart) {
        return CompletableFuture.runAsync(() -> {
            try {
                EXECUTION.on(ticker).run(plan.server(), new Inputs.Followed(FileGate.PROCESS, p -> fromStart, stop::get), out);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Lets the follower poll once more, {@code millis} later. */
    private void poll(long millis) throws InterruptedException {
        ticker.advanceOnePoll(Duration.ofMillis(millis), Duration.ofSeconds(10));
    }

    /** Tells the follower to stop and waits for it to end. */
    private void stop(CompletableFuture<Void> run) throws Exception {
        stop.set(true);
        ticker.advance(Duration.ofSeconds(1));
        run.get(10, TimeUnit.SECONDS);
    }

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static final String KV_LINES = "k=a|n=keep\nk=a|n=drop\nk=b|n=keep\nk=b|n=keep\nk=c|n=drop\n";

    @Test
    void aReadOnceAggregationCountsOnlyTheLinesTheFilterSelects() throws Exception {
        Path f = Files.writeString(dir.resolve("kv.log"), KV_LINES);
        Plan plan = plan(PlanRequest.Mode.MAP, f, "keep", false, "select k, count(*) group by k logformat testkv");
        Merged out = new Merged(plan);
        readOnce(plan, f, out);
        assertThat(out.rows()).containsExactly(List.of("a", "1"), List.of("b", "2"));
        assertThat(out.problems).isEmpty();
    }

    @Test
    void inOrderPartsAggregateTogetherAsOneRunAndAFollowCannotBeOne() throws Exception {
        Path f = Files.writeString(dir.resolve("kv.log"), KV_LINES);
        Plan plan = plan(PlanRequest.Mode.MAP, f, "keep", false, "select k, count(*) group by k logformat testkv");
        Merged out = new Merged(plan);
        EXECUTION.run(plan.server(), new Inputs.InOrder(List.of(Inputs.ReadOnce.asProcess(List.of(f)),
                new Inputs.Stream(new ByteArrayInputStream("k=c|n=keep\n".getBytes(StandardCharsets.UTF_8)), "-"),
                Inputs.ReadOnce.asProcess(List.of(f)))), out);
        assertThat(out.rows()).containsExactlyInAnyOrder(List.of("a", "2"), List.of("b", "4"), List.of("c", "1"));
        assertThat(out.problems).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Inputs.InOrder(List.of(
                Inputs.Followed.asProcess(() -> true)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("followed inputs have no end: they cannot be read in order");
    }

    /** A ticker whose monotonic time jumps by a day at every look: every buffer end is an interval's end. */
    private static final class Jumping implements Ticker {
        private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public java.time.Instant instant() {
            return Engines.T0;
        }

        @Override
        public long nanoTime() {
            return nanos.addAndGet(Duration.ofDays(1).toNanos());
        }

        @Override
        public boolean await(Wakeup wakeup, long millis) {
            throw new AssertionError("a read-once run does not wait");
        }
    }

    @Test
    void aReadOnceRunHandsOverInterimPartialsByItsTickerAndTheyMergeToTheWhole() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            b.append("k=").append((char) ('a' + i % 3)).append(i % 10 == 0 ? "|n=drop\n" : "|n=keep\n");
        }
        Path f = Files.writeString(dir.resolve("many.log"), b);
        Plan plan = plan(PlanRequest.Mode.MAP, f, "keep", false, "select k, count(*) group by k interval 1s logformat testkv");
        Merged out = new Merged(plan);
        int[] partials = {0};
        PartialEmitter counting = new PartialEmitter() {
            @Override
            public void partial(PartialAggregate partial) {
                partials[0]++;
                out.partial(partial);
            }

            @Override
            public void problem(String message) {
                out.problem(message);
            }
        };
        new Execution(Engines.HOST, new Jumping(), 1).run(plan.server(), Inputs.ReadOnce.asProcess(List.of(f)), counting);
        assertThat(partials[0]).as("a partial at every buffer's end, and the last").isGreaterThan(2);
        assertThat(out.rows()).containsExactly(List.of("a", "60000"), List.of("b", "60000"), List.of("c", "60000"));
        assertThat(out.problems).isEmpty();
    }

    @Test
    void anInvertedFilterLeavesOutTheLinesItMatchesFromAStream() throws Exception {
        Plan plan = plan(PlanRequest.Mode.MAP, Path.of("-"), "keep", true, "select k, count(*) group by k logformat testkv");
        Merged out = new Merged(plan);
        stream(plan, KV_LINES.getBytes(StandardCharsets.UTF_8), out);
        assertThat(out.rows()).containsExactly(List.of("a", "1"), List.of("c", "1"));
    }

    @Test
    void aFollowedAggregationCountsOnlyTheLinesTheFilterSelects() throws Exception {
        Path f = Files.createFile(dir.resolve("kv.log"));
        Plan plan = plan(PlanRequest.Mode.TAIL, f, "keep", false, "select k, count(*) group by k logformat testkv interval 1s");
        Merged out = new Merged(plan);
        CompletableFuture<Void> run = follow(plan, out, true);
        append(f, KV_LINES);
        poll(20);
        stop(run);
        assertThat(out.bytes).isEqualTo(KV_LINES.length());
        assertThat(out.rows()).containsExactly(List.of("a", "1"), List.of("b", "2"));
    }

    @Test
    void aHeaderFileFollowedFromItsEndTakesItsHeaderFromItsFirstLine() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), "k|v\nold|1\n");
        Plan plan = plan(PlanRequest.Mode.TAIL, f, ".", false, "select k, count(v) group by k logformat testheader interval 1s");
        Merged out = new Merged(plan);
        CompletableFuture<Void> run = follow(plan, out, false);
        ticker.awaitWaiting(1, Duration.ofSeconds(10)); // attached at the file's end
        String appended = "a|1\nb|2\na|3\n";
        append(f, appended);
        poll(20);
        stop(run);
        assertThat(out.bytes).as("the header line is not counted as read again").isEqualTo(appended.length());
        assertThat(out.rows()).containsExactly(List.of("a", "2"), List.of("b", "1"));
        assertThat(out.merger.counters().malformed).as("malformed lines").isZero();
    }

    @Test
    void aFileThatTakesAFollowedPathGivesItsOwnHeader() throws Exception {
        Path f = Files.writeString(dir.resolve("t.csv"), "k|v\na|1\n");
        Plan plan = plan(PlanRequest.Mode.TAIL, f, ".", false, "select k, count(v) group by k logformat testheader interval 1s");
        Merged out = new Merged(plan);
        CompletableFuture<Void> run = follow(plan, out, true);
        ticker.awaitWaiting(1, Duration.ofSeconds(10)); // the file read from its start
        // rotated: the new file names its columns in the other order
        Files.move(f, dir.resolve("t.csv.1"));
        Files.writeString(f, "v|k\n2|b\n3|b\n");
        poll(20); // sees the rotation: the old file is drained until it has been quiet for a while
        poll(FollowedFile.DRAIN_QUIET_NANOS / 1_000_000);
        stop(run);
        assertThat(out.bytes).isEqualTo(8 + 12);
        assertThat(out.rows()).containsExactly(List.of("a", "1"), List.of("b", "2"));
        assertThat(out.merger.counters().malformed).as("malformed lines").isZero();
    }

    /** Read once, each file (and a stream) is read by its own first non-blank line: a header in one, a row in the other. */
    @Test
    void aFormatThatReadsFirstLinesSettlesEachFileByItsFirstNonBlankLine() throws Exception {
        Path header = Files.writeString(dir.resolve("header.log"), "\n#v|k\n1|a\n2|b\n");
        Path row = Files.writeString(dir.resolve("row.log"), "\n\na|1\nc|3\n");
        Plan plan = plan(PlanRequest.Mode.MAP, List.of(header, row), ".", false,
                "select k, count(v) group by k logformat testfirstline");
        Merged out = new Merged(plan);
        EXECUTION.run(plan.server(), Inputs.ReadOnce.asProcess(List.of(header, row)), out);
        assertThat(out.rows()).containsExactlyInAnyOrder(List.of("a", "2"), List.of("b", "1"), List.of("c", "1"));
        assertThat(out.merger.counters().malformed).as("malformed lines").isZero();
        assertThat(out.problems).isEmpty();

        Merged fromStdin = new Merged(plan);
        stream(plan, "\n#v|k\n1|a\n".getBytes(StandardCharsets.UTF_8), fromStdin);
        assertThat(fromStdin.rows()).as("a stream too").containsExactly(List.of("a", "1"));
    }

    /**
     * Followed together (one operator, the files' lines interleaved by poll): a file followed from its end is settled
     * by its first lines, which are no rows of the follow; an empty file by its first non-blank line; a copytruncated
     * file by its new first line.
     */
    @Test
    void aFollowSettlesEachFileByItsFirstNonBlankLineFromItsEndWhenEmptyAndAfterACopytruncate() throws Exception {
        Path header = Files.writeString(dir.resolve("header.log"), "\n#v|k\n9|old\n");
        Path row = Files.writeString(dir.resolve("row.log"), "\nold|9\n");
        Path empty = Files.writeString(dir.resolve("empty.log"), "");
        Plan plan = plan(PlanRequest.Mode.TAIL, List.of(header, row, empty), ".", false,
                "select k, count(v) group by k logformat testfirstline interval 1s");
        Merged out = new Merged(plan);
        CompletableFuture<Void> run = follow(plan, out, false);
        ticker.awaitWaiting(1, Duration.ofSeconds(10)); // attached at the files' ends
        append(header, "1|a\n");
        append(row, "b|2\n");
        append(empty, "\n");
        poll(20);
        append(empty, "c|3\n");
        append(header, "1|a\n");
        poll(20);
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(header, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        append(header, "#k|v\nd|4\n"); // the columns in the other order
        poll(20);
        stop(run);
        assertThat(out.rows()).containsExactlyInAnyOrder(List.of("a", "2"), List.of("b", "1"), List.of("c", "1"),
                List.of("d", "1"));
        assertThat(out.merger.counters().malformed).as("malformed lines").isZero();
    }
}
