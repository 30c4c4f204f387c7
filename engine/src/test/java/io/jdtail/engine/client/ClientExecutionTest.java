package io.jdtail.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.ManualTicker;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.testing.Engines;
import io.jdtail.engine.wire.PartialFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's half of a plan: one result of a read-once run, one result per interval of a follow query. */
@Timeout(30)
class ClientExecutionTest {

    @TempDir
    Path dir;

    private final Plan plan = Engines.plan("select g, count(*) group by g order by count(*) limit 1 logformat testkv");

    private PartialAggregate partial(String... lines) {
        return Engines.aggregate(plan, List.of(lines), 0, lines.length);
    }

    private static List<String> cells(ResultTable table) {
        return table.rows().stream().flatMap(r -> r.stream().map(ResultTable.Cell::text)).toList();
    }

    @Test
    void aReadOnceRunMergesEveryPartialThenOrdersAndLimits() {
        ClientExecution<String> run = ClientExecution.readOnce(Engines.result(plan));
        run.partial("s1", PartialFrame.readOnce(partial("g=a", "g=b")));
        run.partial("s2", PartialFrame.readOnce(partial("g=a")));
        run.fromProcess("here", message -> { }, bytes -> { }).partial(partial("g=a"));
        // a read-once partial that says how long its read took is merged all the same
        run.partial("s3", PartialFrame.of(partial("g=b"), new FollowInterval(Instant.EPOCH, Instant.ofEpochSecond(1), true)));

        assertThat(cells(run.result(Instant.EPOCH))).containsExactly("a", "3");
        assertThat(run.counters().lines).isEqualTo(5);
    }

    @Test
    void aFollowQueryHandsOnEachCompleteIntervalAloneAndInTotal() {
        List<ClientExecution.Interval<String>> intervals = new ArrayList<>();
        ClientExecution<String> run = ClientExecution.following(Engines.result(plan), Duration.ofSeconds(1), intervals::add);
        run.connected("s1");
        run.connected("s2");
        run.partial("s1", PartialFrame.of(partial("g=b", "g=b"), upTo(1)));
        run.partial("s1", PartialFrame.of(partial("g=a", "g=a", "g=a"), upTo(2)));
        run.partial("s2", PartialFrame.of(partial("g=b"), upTo(1)));
        run.disconnected("s2");

        assertThat(intervals).hasSize(2);
        assertThat(cells(intervals.get(0).result())).containsExactly("b", "3");
        assertThat(cells(intervals.get(1).result())).containsExactly("a", "3");
        assertThat(intervals.get(1).result().time()).isEqualTo(Instant.ofEpochSecond(2));
        assertThat(intervals.get(1).total().rows()).as("limit 1 over a=3, b=3").hasSize(1);
        assertThat(run.counters().lines).isEqualTo(6);
        assertThatThrownBy(() -> run.partial("s1", PartialFrame.readOnce(partial("g=a"))))
                .hasMessage("sent a partial without its interval to a follow query; left out");
    }

    private static FollowInterval upTo(long endSecond) {
        return new FollowInterval(Instant.ofEpochSecond(endSecond - 1), Instant.ofEpochSecond(endSecond), false);
    }

    @Test
    void aServerlessReadMergesItsReadersPartialsAsAServersAndReportsItsProblems() throws Exception {
        Path a = Files.writeString(dir.resolve("a.log"), "g=a\ng=b\ng=a\n");
        Path b = Files.writeString(dir.resolve("b.log"), "g=a\n");
        ClientExecution<String> run = ClientExecution.readOnce(Engines.result(plan));
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        long[] bytes = {0};

        run.runInProcess("here", new Execution(Engines.HOST, new ManualTicker(Engines.T0), 2), plan.server(),
                Inputs.ReadOnce.asProcess(List.of(a, dir.resolve("missing.log"), b)), problems::add,
                n -> { synchronized (bytes) { bytes[0] += n; } });

        assertThat(cells(run.result(Engines.T0))).containsExactly("a", "3");
        assertThat(run.counters().lines).isEqualTo(4);
        assertThat(problems).singleElement().asString().contains("missing.log");
        assertThat(bytes[0]).isEqualTo(16);
    }

    @Test
    void aServerlessFollowHandsOnEachIntervalByTheIntervalItsPartialCarriesAndTheCutShortOneAsItIs() throws Exception {
        Path f = Files.createFile(dir.resolve("app.log"));
        Plan follow = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS).plan(new PlanRequest(PlanRequest.Mode.TAIL,
                List.of(f.toString()), ".", false, 0, 0, 0,
                Optional.of("select g, count(*) group by g logformat testkv interval 1s")));
        ManualTicker ticker = new ManualTicker(Instant.ofEpochMilli(10_000_250));
        BlockingQueue<ClientExecution.Interval<String>> intervals = new LinkedBlockingQueue<>();
        ClientExecution<String> run = ClientExecution.following(Engines.result(follow), Duration.ofSeconds(1), intervals::add);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                // read from the start: no race between the follower attaching and the first write
                run.runInProcess("here", new Execution(Engines.HOST, ticker, 1), follow.server(),
                        new Inputs.Followed(FileGate.PROCESS, p -> true, stop::get), message -> { }, n -> { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        append(f, "g=a\ng=a\n");
        ticker.advanceOnePoll(Duration.ofMillis(50), Duration.ofSeconds(10));
        ticker.advanceOnePoll(Duration.ofMillis(700), Duration.ofSeconds(10)); // the boundary at 10_001_000
        ClientExecution.Interval<String> first = intervals.poll(10, TimeUnit.SECONDS);
        assertThat(first).as("the first interval, once its boundary passed").isNotNull();
        assertThat(cells(first.result())).containsExactly("a", "2");
        assertThat(first.table().end()).isEqualTo(Instant.ofEpochMilli(10_001_000));

        append(f, "g=b\n");
        ticker.advanceOnePoll(Duration.ofMillis(100), Duration.ofSeconds(10));
        stop.set(true);
        ticker.advance(Duration.ofMillis(300));
        done.get(10, TimeUnit.SECONDS);
        ClientExecution.Interval<String> last = intervals.poll(10, TimeUnit.SECONDS);
        assertThat(last).as("the interval cut short by the stop").isNotNull();
        assertThat(cells(last.result())).containsExactly("b", "1");
        assertThat(last.table().start()).isEqualTo(Instant.ofEpochMilli(10_001_000));
        assertThat(last.table().end()).as("where the run stopped, not the next boundary").isEqualTo(Instant.ofEpochMilli(10_001_400));
        assertThat(cells(last.total())).as("every interval so far").containsExactly("a", "2", "b", "1");
        assertThat(intervals).isEmpty();
    }

    private static void append(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardOpenOption.APPEND);
    }
}
