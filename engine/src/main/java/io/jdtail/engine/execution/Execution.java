package io.jdtail.engine.execution;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.ServerPlan;

/**
 * The one way a server plan runs, in every mode: serverless clients, a dserver request, scheduled and continuous
 * jobs. One pipeline: the inputs' bytes are decoded and split into lines, each input's lines go through one
 * {@link LineSelection} (the format's header line, the filter, line numbers), then through grep's context to a
 * {@link LineEmitter}, or through parse, where, set and group-by into a partial aggregate handed to a
 * {@link PartialEmitter}. What differs by input is only how the work is scheduled:
 *
 * <ul>
 *   <li>{@link Inputs.ReadOnce} lines: file after file; a large plain file under a grep without context in ranges
 *       on all cores ({@link ReadRunner}).</li>
 *   <li>{@link Inputs.ReadOnce} aggregation: chunks of all files on one reader thread per core, a partial per
 *       thread every interval and at the end ({@link AggregationRunner}); a format that reads a header line
 *       reads each file in one chunk.</li>
 *   <li>{@link Inputs.Followed}: one thread polling every followed path; lines as they come, partials at
 *       every wall-clock interval boundary with their {@link FollowInterval} ({@link FollowRunner}).</li>
 *   <li>{@link Inputs.Stream}: the stream on the calling thread.</li>
 *   <li>{@link Inputs.InOrder}: each part as above, one after the other.</li>
 * </ul>
 *
 * @param host    the host's name and zone ($hostname, $timezone, ... in queries)
 * @param ticker  the time of follow polls, rescans, interval boundaries and a read-once run's interim partials
 * @param readers reader threads of a read-once aggregation (and ranges of a grep over one big file)
 */
public record Execution(HostContext host, Ticker ticker, int readers) {

    public Execution {
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be at least 1: " + readers);
        }
    }

    /** Real time, one reader per core. */
    public static Execution of(HostContext host) {
        return new Execution(host, Ticker.SYSTEM, Runtime.getRuntime().availableProcessors());
    }

    /** The same execution on another ticker. */
    public Execution on(Ticker other) {
        return new Execution(host, other, readers);
    }

    /**
     * Runs {@code plan} over {@code inputs}; returns when the inputs are read (read once, stream) or when the
     * follow's stop says so. A plan with a query needs a {@link PartialEmitter}, any other a {@link LineEmitter}.
     * Problems with single inputs go to the emitter and the others are read; a reader thread that fails otherwise
     * makes this throw {@link WorkerFailure} once the others have ended.
     */
    public void run(ServerPlan plan, Inputs inputs, Emitter emitter) throws InterruptedException {
        if (plan.aggregation().isPresent()) {
            if (!(emitter instanceof PartialEmitter partials)) {
                throw new IllegalArgumentException("a plan with a query emits partials: give a PartialEmitter");
            }
            // if/instanceof, not a switch on the inputs' type: the JDK spins a class for each such switch at run time
            // (the AOT cache keeps none), part of every command's start-up
            if (inputs instanceof Inputs.ReadOnce files) {
                new AggregationRunner(plan, host, ticker, readers).run(files.files(), files.gate(), partials);
            } else if (inputs instanceof Inputs.Followed followed) {
                follow(plan, followed).run(partials, followed.stop());
            } else if (inputs instanceof Inputs.Stream stream) {
                new AggregationRunner(plan, host, ticker, 1).run(stream.in(), stream.name(), partials);
            } else {
                runInOrder(plan, (Inputs.InOrder) inputs, emitter);
            }
            return;
        }
        if (!(emitter instanceof LineEmitter lines)) {
            throw new IllegalArgumentException("a plan without a query emits lines: give a LineEmitter");
        }
        if (inputs instanceof Inputs.ReadOnce files) {
            new ReadRunner(plan, ReadRunner.Splitting.DEFAULT.withWorkers(readers)).run(files.files(), files.gate(), lines);
        } else if (inputs instanceof Inputs.Followed followed) {
            follow(plan, followed).run(lines, followed.stop());
        } else if (inputs instanceof Inputs.Stream stream) {
            new ReadRunner(plan).run(stream.in(), stream.name(), lines);
        } else {
            runInOrder(plan, (Inputs.InOrder) inputs, emitter);
        }
    }

    /** Each part after the other: partials of several runs merge as those of several reader threads do. */
    private void runInOrder(ServerPlan plan, Inputs.InOrder inOrder, Emitter emitter) throws InterruptedException {
        for (Inputs part : inOrder.parts()) {
            run(plan, part, emitter);
        }
    }

    private FollowRunner follow(ServerPlan plan, Inputs.Followed followed) {
        return new FollowRunner(plan, host, followed.gate(), ticker, followed.fromStart());
    }
}
