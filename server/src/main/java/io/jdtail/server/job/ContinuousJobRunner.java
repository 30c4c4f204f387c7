package io.jdtail.server.job;

import io.jdtail.ast.Outfile;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.client.IntervalTables;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.Ticker;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.execution.PartialEmitter;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.SinkRequest;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.grammar.ParsingException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One continuous job: its query runs over the job's files as they are written (the files named
 * now are read from their end, as {@code tail -F} does), and at the end of every interval (the
 * query's {@code interval}, aligned to the wall clock — see {@link FollowInterval}) the aggregate
 * of the lines read <em>during that interval only</em> is rendered under the query's order and
 * limit and written:
 * <ul>
 *   <li>to {@code Outfile} as CSV rows appended to the file (the header once, when the file is
 *       new), or to the query's own {@code outfile} clause (replaced or appended as written there);</li>
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
 * With {@code Servers}, one {@link RemoteRun} follows {@code Files} with the query on every server
 * (logged in as the job, see {@link JobRunner}); it reconnects with backoff by itself. Each server
 * sends a non-cumulative partial right after every interval boundary, with the interval it covers;
 * the partials are put into intervals by that, and an interval is merged and written (as above) once
 * every connected server's partial of it is in ({@link IntervalTables}: a lost server is not waited
 * for; one connected but silent for {@link IntervalTables#MAX_LEAD} intervals while the others go on
 * is not waited for longer). A server that sent nothing for an interval is an error of that interval's
 * run, with its
 * failure when known (connection refused, job login refused, reconnecting). {@code Files} and
 * {@code Outfile} are resolved with the day the job started; {@code RestartOnDayChange} is refused
 * together with {@code Servers}.
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
    /** Problems reported with one interval at most (the follower reports each problem once). */
    static final int MAX_PROBLEMS = 20;
    /** How often a job's thread waiting for the next interval looks whether dserver is stopping. */
    private static final Duration STOP_CHECK = Duration.ofMillis(50);

    /** Why a job cannot run; the message names the configuration key at fault. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final ContinuousJob job;
    private final Planner planner;
    private final HostContext host;
    private final JobReports reports;
    private final Clock clock;
    private final ResultNode result;
    private final Optional<Outfile> outfile;
    private final Optional<ResultSink> graphite;
    private final Optional<ContinuousJobs.RemoteAccess> remote;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private Thread thread;

    private ContinuousJobRunner(ContinuousJob job, Planner planner, HostContext host, JobReports reports, Clock clock,
                                ResultNode result, Optional<Outfile> outfile, Optional<ResultSink> graphite,
                                Optional<ContinuousJobs.RemoteAccess> remote) {
        this.job = job;
        this.planner = planner;
        this.host = host;
        this.reports = reports;
        this.clock = clock;
        this.result = result;
        this.outfile = outfile;
        this.graphite = graphite;
        this.remote = remote;
    }

    /** Checks the job and opens its Graphite sink (which connects in the background). */
    static ContinuousJobRunner prepare(ContinuousJob job, Planner planner, HostContext host, JobReports reports, Clock clock,
                                       Optional<ContinuousJobs.RemoteAccess> remoteAccess) throws Refused {
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
            outfile = Optional.of(new Outfile(job.outfile().get(), true));
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
        return new ContinuousJobRunner(job, planner, host, reports, clock, result, outfile, graphite, remote);
    }

    private static PlanRequest request(ContinuousJob job, LocalDate day) {
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
        outfile.ifPresent(o -> to.add((o.append() ? "appending to " : "replacing ") + o.path()));
        job.graphite().ifPresent(g -> to.add("Graphite " + g));
        return (job.servers().isEmpty() ? "" : "over servers " + job.servers() + ", ") + "files " + job.files()
                + ", every " + result.interval().toMillis() + " ms to " + String.join(" and ", to)
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
        if (remote.isPresent()) {
            runRemote(remote.get());
            return;
        }
        try {
            Set<Path> previous = null;
            while (!stopping) {
                LocalDate day = LocalDate.now(clock);
                PlanRequest request = request(job, day);
                Plan plan = planner.plan(request);
                Set<Path> followedBefore = previous;
                Predicate<Path> fromStart = followedBefore == null ? p -> false : p -> !followedBefore.contains(key(p));
                BooleanSupplier stop = job.restartOnDayChange()
                        ? () -> stopping || !LocalDate.now(clock).equals(day)
                        : () -> stopping;
                try (DayRun run = new DayRun(day)) {
                    Execution.of(host).on(Ticker.withWallClock(clock))
                            .run(plan.server(), new Inputs.Followed(FileGate.PROCESS, fromStart, stop), run);
                } catch (RuntimeException | Error e) { // a bug or exhausted memory: on record, and the job goes on
                    LOG.error("continuous job {}: failed, starting again in {} s", job.name(), RETRY_PAUSE.toSeconds(), e);
                    reports.record(new JobReports.Run(job.name(), clock.instant(), Duration.ZERO, 0,
                            List.of("failed: " + e)));
                    pause(RETRY_PAUSE);
                }
                if (!stopping && !LocalDate.now(clock).equals(day)) {
                    LOG.info("continuous job {}: the day changed to {}, following {} now", job.name(),
                            LocalDate.now(clock), resolve(job.files(), LocalDate.now(clock)));
                }
                previous = followed(request.files());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            graphite.ifPresent(ContinuousJobRunner::closeQuietly);
            LOG.info("continuous job {}: stopped", job.name());
            stopped.countDown();
        }
    }

    // ------------------------------------------------------------------ remote

    /** Follows the job's servers until dserver stops; a run that ends or fails early is started again. */
    private void runRemote(ContinuousJobs.RemoteAccess access) {
        try {
            while (!stopping) {
                String failure;
                try {
                    failure = followServers(access);
                } catch (IOException | RuntimeException | Error e) {
                    LOG.error("continuous job {}: failed", job.name(), e);
                    failure = e.getMessage() == null ? e.toString() : e.getMessage();
                }
                if (failure != null && !stopping) {
                    LOG.error("continuous job {}: {}; starting again in {} s", job.name(), failure, RETRY_PAUSE.toSeconds());
                    reports.record(new JobReports.Run(job.name(), clock.instant(), Duration.ZERO, 0,
                            List.of("failed: " + failure)));
                    pause(RETRY_PAUSE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            graphite.ifPresent(ContinuousJobRunner::closeQuietly);
            LOG.info("continuous job {}: stopped", job.name());
            stopped.countDown();
        }
    }

    /**
     * One {@link RemoteRun} in follow mode over all the job's servers (it reconnects by itself),
     * while this thread writes the intervals. Returns why it ended early, or null when stopped.
     */
    private String followServers(ContinuousJobs.RemoteAccess access) throws IOException, InterruptedException {
        JobServers targets;
        try {
            targets = JobServers.resolve(job.name(), job.servers(), job.discovery(), access,
                    () -> JobIdentity.load(access.cacheDir()));
        } catch (JobServers.NoServers e) {
            return e.getMessage();
        }
        List<ServerAddress> servers = targets.servers();
        LocalDate day = LocalDate.now(clock);
        RemoteIntervals intervals = new RemoteIntervals(servers, targets.identity());
        AtomicReference<String> ended = new AtomicReference<>();
        try (RemoteRun run = targets.open(intervals); Output output = new Output(day)) {
            run.onFailure(intervals::failed);
            PlanRequest request = request(job, day);
            Thread follower = Thread.ofPlatform().daemon().name("continuous-" + job.name() + "-servers").start(() -> {
                try {
                    Map<ServerAddress, String> failures = run.run(servers, request, () -> stopping);
                    ended.set("following the servers ended: " + failures);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ended.set("interrupted");
                } catch (RuntimeException | Error e) {
                    LOG.error("continuous job {}: following the servers failed", job.name(), e);
                    ended.set("following the servers failed: " + e);
                }
            });
            intervals.writeUntilStopped(output, follower);
            follower.join(ContinuousJobs.STOP_LIMIT.toMillis());
        }
        return stopping ? null : ended.get();
    }

    /**
     * Puts the servers' partials of a remote run into one table per interval by the interval each partial
     * carries, and writes each table once every connected server's partial of it is in (see
     * {@link IntervalTables}: a lost server is not waited for, a stuck one for {@link IntervalTables#MAX_LEAD}
     * intervals at most). A server that sent nothing for an interval is an error of that interval.
     */
    private final class RemoteIntervals implements RemoteSink {

        private record Complete(ClientExecution.Interval<ServerAddress> interval, List<String> errors) {
        }

        private final List<ServerAddress> servers;
        private final JobIdentity id;
        private final ClientExecution<ServerAddress> execution = ClientExecution.following(result, result.interval(),
                this::complete);
        /** Tables complete and not written yet, in interval order; the job's thread writes them. */
        private final BlockingQueue<Complete> complete = new LinkedBlockingQueue<>();
        private final Map<ServerAddress, String> failing = new HashMap<>();
        private final List<String> problems = new ArrayList<>();

        RemoteIntervals(List<ServerAddress> servers, JobIdentity id) {
            this.servers = servers;
            this.id = id;
        }

        @Override
        public void connected(ServerAddress server) {
            synchronized (this) {
                failing.remove(server);
            }
            execution.connected(server);
        }

        @Override
        public void disconnected(ServerAddress server) {
            execution.disconnected(server);
        }

        @Override
        public void partial(ServerAddress server, PartialFrame partial) {
            if (stopping) {
                return;
            }
            try {
                execution.partial(server, partial);
            } catch (IllegalArgumentException e) {
                problem(server, e.getMessage());
            }
        }

        @Override
        public void lines(ServerAddress server, LineBatch batch) {
        }

        @Override
        public void separator(ServerAddress server) {
        }

        @Override
        public void stats(ServerAddress server, Messages.Stats stats) {
        }

        @Override
        public synchronized void problem(ServerAddress server, String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(server + ": " + message);
            } else if (problems.size() == MAX_PROBLEMS) {
                problems.add("(more problems left out)");
            }
        }

        synchronized void failed(ServerAddress server, String reason) {
            failing.put(server, reason + JobServers.loginHint(job.name(), server, reason, id));
        }

        /** An interval's table is complete (called in interval order): its errors are the problems since the last. */
        private synchronized void complete(ClientExecution.Interval<ServerAddress> interval) {
            IntervalTables.Table<ServerAddress> table = interval.table();
            List<String> errors = new ArrayList<>(problems);
            problems.clear();
            errors.addAll(table.notes());
            for (ServerAddress s : servers) {
                if (!table.from().contains(s)) {
                    String reason = failing.get(s);
                    errors.add(s + ": " + (reason != null ? reason : "no result for this interval (not connected then)"));
                }
            }
            complete.add(new Complete(interval, errors));
        }

        /** Writes every interval once its table is complete, until dserver stops or the follower ends. */
        void writeUntilStopped(Output output, Thread follower) throws InterruptedException {
            while (!stopping && follower.isAlive()) {
                Complete c = complete.poll(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                if (c != null && !stopping) {
                    output.write(c.interval().result(), c.interval().table().start(), c.interval().table().end(), c.errors());
                }
            }
            if (stopping) {
                LOG.info("continuous job {}: stopping; an unfinished interval is not written", job.name());
            }
        }
    }

    private void pause(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** The paths a run over {@code files} follows (as far as they exist now). */
    private static Set<Path> followed(List<String> files) {
        Set<Path> paths = new HashSet<>();
        for (String arg : FileGlobs.splitLists(files)) {
            if (!FileGlobs.isGlob(arg)) {
                paths.add(key(Path.of(arg)));
            }
        }
        FileGlobs.expand(files).files().forEach(p -> paths.add(key(p)));
        return paths;
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static void closeQuietly(ResultSink sink) {
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing {}: {}", sink, e.toString());
        }
    }

    /**
     * Where one day's intervals go, for local and remote runs alike: renders an interval's merged
     * aggregate under the query's order and limit, appends it to the outfile and sends it to
     * Graphite (the interval's end as timestamp), and records the interval in {@link JobReports}.
     */
    private final class Output implements AutoCloseable {

        private final Optional<Outfile> dayOutfile;
        private ResultSink csv;

        Output(LocalDate day) {
            this.dayOutfile = outfile.map(o -> new Outfile(DatePlaceholders.resolve(o.path(), day), o.append()));
        }

        /** Writes the interval {@code start}..{@code end}; {@code errors} (the interval's problems) is added to. */
        void write(PartialAggregate partial, Instant start, Instant end, List<String> errors) {
            write(ResultMerger.render(result, partial, end), start, end, errors);
        }

        /** Writes the interval's result, ordered and limited; {@code errors} (the interval's problems) is added to. */
        void write(ResultTable table, Instant start, Instant end, List<String> errors) {
            if (dayOutfile.isPresent()) {
                Outfile o = dayOutfile.get();
                try {
                    if (csv == null) {
                        csv = ResultSinks.open("csv", new SinkRequest(o.path(), o.append(), job.query(), Map.of()));
                    }
                    csv.write(table);
                } catch (IOException | RuntimeException e) {
                    errors.add("outfile " + o.path() + ": " + e.getMessage());
                }
            }
            if (graphite.isPresent()) {
                try {
                    graphite.get().write(table);
                } catch (IOException | RuntimeException e) {
                    errors.add(e.getMessage());
                }
                errors.addAll(graphite.get().problems());
            }
            reports.record(new JobReports.Run(job.name(), start, Duration.between(start, end), table.rows().size(),
                    errors));
        }

        @Override
        public void close() {
            if (csv != null) {
                closeQuietly(csv);
            }
        }
    }

    /** One day's run: receives the intervals and writes them. */
    private final class DayRun implements PartialEmitter, AutoCloseable {

        private final Output output;
        private final List<String> problems = new ArrayList<>();

        DayRun(LocalDate day) {
            this.output = new Output(day);
        }

        @Override
        public void partial(PartialAggregate partial) {
            throw new IllegalStateException("a continuous job takes partials with their interval");
        }

        @Override
        public void partial(PartialAggregate partial, FollowInterval interval) {
            if (!interval.last()) {
                write(partial, interval);
            } else if (stopping) {
                if (partial.counters().lines > 0) {
                    LOG.info("continuous job {}: stopping; the unfinished interval since {} ({} lines) is not written",
                            job.name(), ZonedDateTime.ofInstant(interval.start(), clock.getZone()).toLocalTime(),
                            partial.counters().lines);
                }
            } else if (!partial.isEmpty()) {
                // restarting for a new day: the old day's last lines, as a short interval ending now
                write(partial, interval);
            }
        }

        private void write(PartialAggregate partial, FollowInterval interval) {
            List<String> errors;
            synchronized (this) {
                errors = new ArrayList<>(problems);
                problems.clear();
            }
            output.write(partial, interval.start(), interval.end(), errors);
        }

        @Override
        public synchronized void problem(String message) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(message);
            } else if (problems.size() == MAX_PROBLEMS) {
                problems.add("(more problems left out)");
            }
        }

        @Override
        public void close() {
            output.close();
        }
    }
}
