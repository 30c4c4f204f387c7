package io.jdtail.server.job;

import io.jdtail.ast.BareField;
import io.jdtail.ast.Field;
import io.jdtail.ast.Outfile;
import io.jdtail.ast.Query;
import io.jdtail.ast.SelectItem;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.execution.FollowRunner;
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
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.grammar.ParsingException;
import io.jdtail.grammar.QueryParser;
import io.jdtail.server.config.ContinuousJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 *   <li>to {@code Graphite} as {@code GraphitePrefix.Name.groupkey.column value interval-end}; the
 *       group-by fields of the select list are the path's key segments.</li>
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
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private Thread thread;

    private ContinuousJobRunner(ContinuousJob job, Planner planner, HostContext host, JobReports reports, Clock clock,
                                ResultNode result, Optional<Outfile> outfile, Optional<ResultSink> graphite) {
        this.job = job;
        this.planner = planner;
        this.host = host;
        this.reports = reports;
        this.clock = clock;
        this.result = result;
        this.outfile = outfile;
        this.graphite = graphite;
    }

    /** Checks the job and opens its Graphite sink (which connects in the background). */
    static ContinuousJobRunner prepare(ContinuousJob job, Planner planner, HostContext host, JobReports reports, Clock clock)
            throws Refused {
        if (!job.servers().isEmpty()) {
            throw new Refused("it names Servers " + job.servers() + ", but remote continuous jobs are not supported yet:"
                    + " a continuous job reads this server's own files (drop Servers to run it here)");
        }
        job.discovery().ifPresent(d -> LOG.warn("continuous job {}: Discovery \"{}\" is ignored without Servers;"
                + " the job reads this server's own files", job.name(), d));
        if (FileGlobs.splitLists(job.files()).isEmpty()) {
            throw new Refused("Files names no file");
        }
        Plan plan;
        Query query;
        try {
            plan = planner.plan(request(job, LocalDate.now(clock)));
            query = new QueryParser().parse(job.query());
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
            options.put("groupBy", String.join(",", groupColumns(query)));
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
        return new ContinuousJobRunner(job, planner, host, reports, clock, result, outfile, graphite);
    }

    /**
     * The select-list columns that are group-by fields: in Graphite they are path segments, not
     * values (the group by defaults to the first selected field, as in the planner).
     */
    static List<String> groupColumns(Query query) {
        List<Field> groupBy = query.groupBy().isEmpty() ? List.of(query.select().getFirst().field()) : query.groupBy();
        List<String> columns = new ArrayList<>();
        for (SelectItem item : query.select()) {
            if (item instanceof BareField b && groupBy.contains(b.field())) {
                columns.add(item.text());
            }
        }
        return columns;
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
        return "files " + job.files() + ", every " + result.interval().toMillis() + " ms to " + String.join(" and ", to)
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
                    new FollowRunner(plan.server(), host, p -> Optional.empty(), clock, fromStart).run(run, stop);
                } catch (RuntimeException e) {
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

    /** One day's run: receives the intervals and writes them. */
    private final class DayRun implements PartialEmitter, AutoCloseable {

        private final Optional<Outfile> dayOutfile;
        private final List<String> problems = new ArrayList<>();
        private ResultSink csv;

        DayRun(LocalDate day) {
            this.dayOutfile = outfile.map(o -> new Outfile(DatePlaceholders.resolve(o.path(), day), o.append()));
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
            ResultTable table = ResultMerger.render(result, partial, interval.end());
            List<String> errors;
            synchronized (this) {
                errors = new ArrayList<>(problems);
                problems.clear();
            }
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
            reports.record(new JobReports.Run(job.name(), interval.start(), interval.length(), table.rows().size(), errors));
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
            if (csv != null) {
                closeQuietly(csv);
            }
        }
    }
}
