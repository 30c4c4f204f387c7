package io.jdtail.server.job;

import io.jdtail.ast.Outfile;
import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.execution.Ticker;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.SinkRequest;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.grammar.ParsingException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One continuous job: its query runs over the job's files as they are written (the files named
 * now are read from their end, as {@code tail -F} does), and at the end of every interval (the
 * query's {@code interval}, aligned to the wall clock — see {@link FollowInterval}) the aggregate
 * of the lines read <em>during that interval only</em> is rendered under the query's order and
 * limit and written:
 * <ul>
 *   <li>to {@code Outfile} as CSV, the file replaced by every interval's result (as DTail, which runs
 *       the job as its query with {@code outfile PATH} added), or to the query's own {@code outfile}
 *       clause as the query language says: {@code outfile "x"} replaced, {@code outfile append "x"}
 *       appended to (the header once, when the file is new);</li>
 *   <li>to {@code Graphite} as {@code GraphitePrefix.Name.groupkey.column value interval-end}; every
 *       group's key is in the path, selected or not (see {@code MetricLines}).</li>
 * </ul>
 * Every interval is recorded in {@link JobReports} (rows written; the errors of that interval:
 * an outfile that could not be written, Graphite unreachable or dropping points, a file that
 * cannot be read). A failing sink never stops the job: the next interval tries again, and the
 * Graphite sink buffers and reconnects on its own without ever delaying the job.
 *
 * <h2>Days</h2>
 * {@code Files} and {@code Outfile} may hold DTail's date placeholders ({@link DatePlaceholders}),
 * resolved with the day the job (re)started, in the clock's time zone. With
 * {@code RestartOnDayChange} the job restarts at midnight: what was read since the last interval
 * boundary is written as a short interval ending at the restart (nothing, when midnight is a
 * boundary, as it is for intervals that divide a day), then the placeholders are resolved for the
 * new day and the files followed afresh. A file the previous day's run did not follow (the new
 * day's file) is read from its start, so lines written to it before the restart are not lost.
 *
 * <h2>Over other servers</h2>
 * With {@code Servers}, one {@link io.jdtail.remote.RemoteRun} follows {@code Files} with the query on every
 * server ({@link ServerFollower}). Each server sends a non-cumulative partial right after every interval
 * boundary, with the interval it covers; the partials are put into intervals by that, and an interval is merged
 * and written (as above) once every connected server's partial of it is in
 * ({@link io.jdtail.engine.client.IntervalTables}). A server that sent nothing for an interval is an error of
 * that interval's run, with its failure when known (connection refused, job login refused, reconnecting).
 * {@code Files} and {@code Outfile} are resolved with the day the job started; {@code RestartOnDayChange} is
 * refused together with {@code Servers}.
 *
 * <h2>Pieces</h2>
 * This class checks the job and runs it on its own thread, starting a follower again after a failure; the
 * followers ({@link LocalFollower} for the job's own files, {@link ServerFollower} for its servers) feed the
 * one client half ({@link io.jdtail.engine.client.ClientExecution}) and write each day's intervals through an
 * {@link IntervalOutput}.
 *
 * <h2>Stopping</h2>
 * When dserver stops, the interval in progress is <em>dropped</em>, not written: a row covering a
 * fraction of an interval would look like a whole interval with low figures, in a CSV file and
 * even more so in Graphite (where it would be stored at the next boundary's timestamp). The log
 * says how many lines were left out.
 */
final class ContinuousJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousJobRunner.class);
    /** Pause before a job whose run failed unexpectedly is started again. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    /**
     * One way the job reads (its own files, or its servers), writing each interval as it completes.
     */
    interface Follower {
        /**
         * Follows until dserver stops (or the run must restart, as at a day change); returns why it ended early
         * (to be recorded, and the follow started again after {@link #RETRY_PAUSE}), or null.
         */
        String follow() throws IOException, InterruptedException;
    }

    /** Why a job cannot run; the message names the configuration key at fault. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * A job checked and ready to run.
     *
     * @param result   the client half of its query (order, limit, interval)
     * @param outfile  where its rows are written (the day's placeholders not resolved yet), if anywhere
     * @param graphite its open Graphite sink, if any
     * @param remote   how it reaches its servers, when it has {@code Servers}
     * @param ticker   the time its own files are polled and its intervals end by
     * @param clock    {@code ticker}'s wall clock in the job's time zone (the day of its placeholders)
     */
    record Spec(ContinuousJob job, Planner planner, HostContext host, JobReports reports, Ticker ticker, Clock clock,
                ResultNode result,
                Optional<Outfile> outfile, Optional<ResultSink> graphite, Optional<ContinuousJobs.RemoteAccess> remote) {

        /** Where the intervals of {@code day} go. */
        IntervalOutput output(LocalDate day) {
            return new IntervalOutput(job, outfile, graphite, reports, day);
        }
    }

    private final Spec spec;
    private final ContinuousJob job;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private Thread thread;

    private ContinuousJobRunner(Spec spec) {
        this.spec = spec;
        this.job = spec.job();
    }

    /** Checks the job and opens its Graphite sink (which connects in the background). */
    static ContinuousJobRunner prepare(ContinuousJob job, Planner planner, HostContext host, JobReports reports,
                                       Ticker ticker, Clock clock, Optional<ContinuousJobs.RemoteAccess> remoteAccess)
            throws Refused {
        Optional<ContinuousJobs.RemoteAccess> remote = Optional.empty();
        if (!job.servers().isEmpty()) {
            if (job.restartOnDayChange()) {
                throw new Refused("RestartOnDayChange is not supported together with Servers: a job over other servers"
                        + " follows the Files of the day it started (drop RestartOnDayChange, or run the job on each"
                        + " server without Servers)");
            }
            if (remoteAccess.isEmpty()) {
                throw new Refused("it names Servers " + job.servers() + ", but this dserver has no CacheDir for the job"
                        + " identity");
            }
            remote = remoteAccess;
        } else job.discovery().ifPresent(d -> LOG.warn("continuous job {}: Discovery \"{}\" is ignored without Servers;"
                + " the job reads this server's own files", job.name(), d));
        if (FileGlobs.splitLists(job.files()).isEmpty()) {
            throw new Refused("Files names no file");
        }
        Plan plan;
        try {
            plan = planner.plan(request(job, LocalDate.now(clock)));
        } catch (ParsingException e) {
            throw new Refused("Query: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Refused("Query: " + e.getMessage());
        }
        ResultNode result = plan.client().result().orElseThrow();
        Optional<Outfile> outfile = result.outfile();
        if (job.outfile().isPresent()) {
            if (outfile.isPresent()) {
                throw new Refused("both Outfile and an outfile clause in the Query name where the results go; keep one");
            }
            // the query with "outfile PATH" added, as DTail runs it: the latest interval replaces the file
            outfile = Optional.of(new Outfile(job.outfile().get(), false));
        }
        Optional<ResultSink> graphite = Optional.empty();
        if (job.graphite().isPresent()) {
            Map<String, String> options = new LinkedHashMap<>();
            job.graphitePrefix().ifPresent(p -> options.put("prefix", p));
            options.put("job", job.name());
            try {
                graphite = Optional.of(ResultSinks.open("graphite",
                        new SinkRequest(job.graphite().get().toString(), false, job.query(), options)));
            } catch (IOException e) {
                throw new Refused("Graphite: " + e.getMessage());
            }
        }
        if (outfile.isEmpty() && graphite.isEmpty()) {
            throw new Refused("neither an Outfile nor a Graphite target");
        }
        return new ContinuousJobRunner(new Spec(job, planner, host, reports, ticker, clock, result, outfile, graphite,
                remote));
    }

    /** The job's query over its {@code Files} of {@code day}, followed. */
    static PlanRequest request(ContinuousJob job, LocalDate day) {
        return new PlanRequest(PlanRequest.Mode.TAIL, resolve(job.files(), day), ".", false, 0, 0, 0, Optional.of(job.query()));
    }

    private static List<String> resolve(List<String> texts, LocalDate day) {
        return texts.stream().map(t -> DatePlaceholders.resolve(t, day)).toList();
    }

    String name() {
        return job.name();
    }

    String describe() {
        List<String> to = new ArrayList<>();
        spec.outfile().ifPresent(o -> to.add((o.append() ? "appending to " : "replacing ") + o.path()));
        job.graphite().ifPresent(g -> to.add("Graphite " + g));
        return (job.servers().isEmpty() ? "" : "over servers " + job.servers() + ", ") + "files " + job.files()
                + ", every " + spec.result().interval().toMillis() + " ms to " + String.join(" and ", to)
                + (job.restartOnDayChange() ? ", restarting at midnight" : "");
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("continuous-" + job.name()).start(this::run);
    }

    void requestStop() {
        stopping = true;
    }

    boolean awaitStopped(Duration limit) {
        try {
            return stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        Follower follower = spec.remote().<Follower>map(access -> new ServerFollower(spec, access, () -> stopping))
                .orElseGet(() -> new LocalFollower(spec, () -> stopping));
        try {
            while (!stopping) {
                String failure;
                try {
                    failure = follower.follow();
                } catch (IOException | RuntimeException | Error e) {
                    LOG.error("continuous job {}: failed", job.name(), e);
                    failure = e.getMessage() == null ? e.toString() : e.getMessage();
                }
                if (failure != null && !stopping) {
                    LOG.error("continuous job {}: {}; starting again in {} s", job.name(), failure, RETRY_PAUSE.toSeconds());
                    spec.reports().record(new JobReports.Run(job.name(), spec.clock().instant(), Duration.ZERO, 0,
                            List.of("failed: " + failure)));
                    pause(RETRY_PAUSE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            spec.graphite().ifPresent(IntervalOutput::closeQuietly);
            LOG.info("continuous job {}: stopped", job.name());
            stopped.countDown();
        }
    }

    private void pause(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
