package io.jdtail.engine.client;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.PartialEmitter;
import io.jdtail.engine.execution.SplitLines;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.SinkRequest;
import io.jdtail.engine.wire.PartialFrame;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The client's half of a map-reduce plan, the same wherever the partials come from (servers, or reader
 * threads in this process) and whoever shows the result (dmap, dtail --query, dserver's scheduled and
 * continuous jobs): merges partials, puts a follow query's partials into one table per interval by the
 * interval each carries ({@link IntervalTables}), orders and limits the result ({@link ResultMerger#render})
 * and writes it to a result sink.
 *
 * <ul>
 *   <li>{@link #readOnce}: every partial merges into the one result of the run ({@link #result}).</li>
 *   <li>{@link #following}: a partial goes into the table of its interval; when an interval's table is complete
 *       it is merged into the running result too, and handed to the caller with that interval's own result
 *       ({@link Interval}), in interval order.</li>
 * </ul>
 * Serverless runs and dserver's jobs over local files run the server half in this process ({@link #runInProcess}) and
 * its partials come here as one source's would, with the interval each carries when following.
 * Thread-safe: servers' sessions call in concurrently.
 *
 * @param <S> what identifies a source of partials (a server address)
 */
public final class ClientExecution<S> {

    /**
     * One complete interval of a follow query.
     *
     * @param table  the servers' partials of the interval, merged, and who sent them
     * @param result that interval alone, ordered and limited, stamped with its end
     * @param total  every interval so far, this one included, ordered and limited, stamped with its end
     */
    public record Interval<S>(IntervalTables.Table<S> table, ResultTable result, ResultTable total) {
    }

    private final ResultMerger total;
    private final Optional<IntervalTables<S>> intervals;
    private final SplitLines splitLines = new SplitLines();
    private final Map<S, List<SplitLines.Input>> sourcesSplitLines = new ConcurrentHashMap<>();

    private ClientExecution(ResultNode node, Optional<Duration> interval, Consumer<Interval<S>> each) {
        this.total = new ResultMerger(node);
        this.intervals = interval.map(every -> new IntervalTables<>(node.kinds(), every, table -> {
            total.merge(table.merged());
            each.accept(new Interval<>(table, ResultMerger.render(node, table.merged(), table.end()),
                    total.result(table.end())));
        }));
    }

    /** A read-once run (dmap, scheduled jobs): one result of all partials. */
    public static <S> ClientExecution<S> readOnce(ResultNode node) {
        return new ClientExecution<>(node, Optional.empty(), i -> { });
    }

    /**
     * A follow query (dtail --query, continuous jobs) with intervals of {@code interval}: {@code each} hears every
     * interval once it is complete, in order (see {@link IntervalTables} for when that is).
     */
    public static <S> ClientExecution<S> following(ResultNode node, Duration interval, Consumer<Interval<S>> each) {
        return new ClientExecution<>(node, Optional.of(interval), each);
    }

    public ResultNode node() {
        return total.node();
    }

    /** {@code source} is connected: each interval waits for its partial (follow queries). */
    public void connected(S source) {
        intervals.ifPresent(t -> t.connected(source));
    }

    /** {@code source} is lost or finished: no interval waits for it any more (follow queries). */
    public void disconnected(S source) {
        intervals.ifPresent(t -> t.disconnected(source));
    }

    /**
     * A partial from {@code source}. A read-once run merges it (an interval it may carry, the stretch of time the
     * read took, changes nothing: the run has one result); a follow query puts it into its interval.
     *
     * @throws IllegalArgumentException when a follow query's partial comes without an interval (the source is at
     *                                  fault; the message says so, to be shown with the source's name)
     */
    public void partial(S source, PartialFrame frame) {
        if (intervals.isPresent()) {
            if (frame.interval().isEmpty()) {
                throw new IllegalArgumentException("sent a partial without its interval to a follow query; left out");
            }
            intervals.get().partial(source, frame.interval().get(), frame.partial());
        } else {
            total.merge(frame.partial());
        }
    }

    /**
     * Runs the server half {@code plan} over {@code inputs} in this process as {@code source} of this execution, to
     * the end of the inputs (or the follow's stop), and {@linkplain #finish finishes}: its partials come here as a
     * server's would (see {@link #fromProcess}); its problems go to {@code problems}, the bytes it read to
     * {@code bytesRead}.
     */
    public void runInProcess(S source, Execution execution, ServerPlan plan, Inputs inputs, Consumer<String> problems,
                             LongConsumer bytesRead) throws InterruptedException {
        try {
            execution.run(plan, inputs, fromProcess(source, problems, bytesRead));
        } finally {
            disconnected(source);
            finish();
        }
    }

    /**
     * {@code source} is the server half running in this process, connected from now on: the partials of the
     * returned emitter come here as a server's would (a follow's by the interval each carries). The caller runs
     * the plan with it, then calls {@link #disconnected} and {@link #finish}.
     */
    public PartialEmitter fromProcess(S source, Consumer<String> problems, LongConsumer bytesRead) {
        connected(source);
        return new FromProcess<>(this, source, problems, bytesRead);
    }

    private record FromProcess<S>(ClientExecution<S> to, S source, Consumer<String> problems, LongConsumer bytesRead)
            implements PartialEmitter {
        @Override
        public void partial(PartialAggregate partial) {
            to.partial(source, PartialFrame.readOnce(partial));
        }

        @Override
        public void partial(PartialAggregate partial, FollowInterval interval) {
            to.partial(source, PartialFrame.of(partial, interval));
        }

        @Override
        public void problem(String message) {
            problems.accept(message);
        }

        @Override
        public void progress(long bytes) {
            bytesRead.accept(bytes);
        }

        @Override
        public void splitLine(String input, int maxLineLength, long pieces) {
            to.splitLines.add(input, maxLineLength, pieces);
        }
    }

    /** The lines read in this process ({@link #runInProcess}, {@link #fromProcess}) that were longer than the maximum. */
    public List<SplitLines.Input> splitLines() {
        return splitLines.inputs();
    }

    /** {@code source}'s count of the lines it read that were longer than its maximum: totals, the latest kept. */
    public void sourceSplitLines(S source, List<SplitLines.Input> totals) {
        if (!totals.isEmpty()) {
            sourcesSplitLines.put(source, List.copyOf(totals));
        }
    }

    /** The latest counts of split lines the sources sent ({@link #sourceSplitLines}). */
    public Map<S, List<SplitLines.Input>> sourcesSplitLines() {
        return Map.copyOf(sourcesSplitLines);
    }

    /** The run ended: the intervals still pending are handed on as they are (follow queries). */
    public void finish() {
        intervals.ifPresent(IntervalTables::finish);
    }

    /** Everything merged so far (for a follow query: every complete interval), ordered and limited. */
    public ResultTable result(Instant time) {
        return total.result(time);
    }

    /** A copy of the counters merged so far (lines, malformed lines, unusable values). */
    public PartialAggregate.Counters counters() {
        return total.counters();
    }

    /**
     * Writes {@code table} as CSV to {@code path} (replacing it through a temporary file, or appending) with
     * {@code query} recorded beside it, as every client and job writes results.
     */
    public static void writeCsv(ResultTable table, String path, boolean append, String query) throws IOException {
        try (ResultSink sink = ResultSinks.open("csv", new SinkRequest(path, append, query, Map.of()))) {
            sink.write(table);
        }
    }
}
