package io.jdtail.server.job;

import io.jdtail.remote.ExecutionSink;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import io.jdtail.config.DtailConfig;
import io.jdtail.config.ScheduleJob;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.grammar.ParsingException;
import io.jdtail.logging.ClientText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one map-reduce job to its result file: the query over the job's files (date placeholders resolved),
 * merged, ordered and limited as {@code dmap} does, written through the {@code csv} result sink (a temporary
 * file renamed over {@code Outfile}; in {@code Outfile.query} the query as DTail writes it, see
 * {@link #sidecarQuery}).
 *
 * <ul>
 *   <li>A job without {@code Servers} (and without {@code Discovery}) reads local files in this process, with
 *       dserver's own file access, through the same {@link ClientExecution} serverless {@code dmap} runs; no SSH.</li>
 *   <li>A job with {@code Servers} sends the query to each of them over SSH, reached as {@link JobServers}
 *       says: as user {@code Name}, authenticated by this server's {@link JobIdentity}.</li>
 * </ul>
 *
 * The result is written when at least one input took part (a readable local file, a server that answered),
 * even if others failed: their failures are the run's errors. When nothing could be read, nothing is written,
 * so the next pass within the time range tries again.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final DtailConfig config;
    private final Planner planner;
    private final HostContext host;
    private final Clock clock;
    private final Path cacheDir;
    private final ContinuousJobs.RemoteAccess remoteAccess;
    private JobIdentity identity;

    public JobRunner(DtailConfig config, HostContext host, Clock clock, Duration connectTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.host = Objects.requireNonNull(host, "host");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cacheDir = Path.of(config.common().cacheDir());
        this.remoteAccess = new ContinuousJobs.RemoteAccess(cacheDir, config.common().sshPort(),
                Objects.requireNonNull(connectTimeout, "connectTimeout"));
        this.planner = new Planner(LogFormats.load(JobRunner.class.getClassLoader()),
                new PlannerSettings(config.server().mapreduceLogFormat(), config.server().maxLineLength(),
                        PlannerSettings.DEFAULTS.defaultInterval()));
    }

    /**
     * Compiles the job's query; empty if it is fine, else the problem (a syntax error with line:column, an unknown
     * log format, an {@code outfile} clause of its own).
     */
    public Optional<String> check(ScheduleJob job) {
        try {
            plan(job, job.files());
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** True when the job reads from servers ({@code Servers} or {@code Discovery}), not local files. */
    public static boolean isRemote(ScheduleJob job) {
        return !job.servers().isEmpty() || job.discovery().isPresent();
    }

    /**
     * The query text of a job whose results go to its {@code Outfile} setting, for the {@code .query} sidecar:
     * DTail runs such a job as its query with {@code " outfile PATH"} added (the day's path) and records that
     * text, so scripts that read sidecars see the same bytes.
     */
    static String sidecarQuery(String query, String outfile) {
        return query + " outfile " + outfile;
    }

    /** The job's outfile on {@code date}. */
    public static Path outfile(ScheduleJob job, LocalDate date) {
        return Path.of(DatePlaceholders.resolve(job.outfile(), date));
    }

    /** Runs the job for {@code date}; never throws for a failure of the job itself, which is in the run's errors. */
    public JobReports.Run run(ScheduleJob job, LocalDate date, BooleanSupplier stop) throws InterruptedException {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        long rows = 0;
        try {
            rows = runOrFail(job, date, stop, errors);
        } catch (JobFailure e) {
            errors.add(e.getMessage());
        }
        return new JobReports.Run(job.name(), started, Duration.ofNanos(System.nanoTime() - t0), rows,
                List.copyOf(errors));
    }

    private long runOrFail(ScheduleJob job, LocalDate date, BooleanSupplier stop, List<String> errors)
            throws InterruptedException, JobFailure {
        List<String> files = DatePlaceholders.resolve(job.files(), date);
        Path outfile = outfile(job, date);
        Plan plan;
        try {
            plan = plan(job, files);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(e.getMessage());
        }
        boolean remote = isRemote(job);
        LOG.info("job {}: starting over {} {}, result to {}", job.name(), remote ? "servers" : "local files",
                remote ? job.servers() : files, outfile);
        if (remote) {
            ClientExecution<ServerAddress> execution = ClientExecution.readOnce(plan.client().result().orElseThrow());
            boolean anyInput = runRemote(job, files, execution, stop, errors);
            return write(job, outfile, stop, anyInput, execution);
        }
        ClientExecution<String> execution = ClientExecution.readOnce(plan.client().result().orElseThrow());
        boolean anyInput = runLocal(plan, execution, files, errors);
        return write(job, outfile, stop, anyInput, execution);
    }

    /** Writes the job's result (when it read anything and was not stopped); returns the rows written. */
    private long write(ScheduleJob job, Path outfile, BooleanSupplier stop, boolean anyInput, ClientExecution<?> execution)
            throws JobFailure {
        if (stop.getAsBoolean()) {
            throw new JobFailure("stopped before the end: dserver is shutting down; " + outfile + " not written");
        }
        if (!anyInput) {
            throw new JobFailure("nothing could be read; " + outfile + " not written (tried again at the next pass)");
        }
        ResultTable table = execution.result(clock.instant());
        PartialAggregate.Counters counters = execution.counters();
        try {
            ClientExecution.writeCsv(table, outfile.toString(), false, sidecarQuery(job.query(), outfile.toString()));
        } catch (IOException e) {
            throw new JobFailure(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (counters.malformed > 0) {
            LOG.info("job {}: {} lines did not fit the log format and were skipped", job.name(), counters.malformed);
        }
        // file names (a glob's matches, another server's) may hold control characters: escaped, as a client's are
        execution.splitLines().forEach(split -> LOG.warn("job {}: {}", job.name(),
                ClientText.escape(split.sentence("MaxLineLength", "Server.MaxLineLength in dserver's config"))));
        execution.sourcesSplitLines().forEach((server, splits) -> splits.forEach(split -> LOG.warn("job {}: {}: {}",
                job.name(), server, ClientText.escape(split.sentence("the server's MaxLineLength",
                        "Server.MaxLineLength in its config")))));
        return table.rows().size();
    }

    private Plan plan(ScheduleJob job, List<String> files) {
        Plan plan;
        try {
            plan = planner.plan(PlanRequest.map(files, job.query()));
        } catch (ParsingException e) {
            throw new IllegalArgumentException("Query: " + e.describe(), e);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("Query: " + e.getMessage(), e);
        }
        if (plan.client().result().isEmpty()) {
            throw new IllegalArgumentException("Query: not a map-reduce query");
        }
        if (plan.client().result().get().outfile().isPresent()) {
            throw new IllegalArgumentException("Query: has an outfile clause of its own; the job's Outfile is where "
                    + "its result goes, remove the clause");
        }
        return plan;
    }

    // ------------------------------------------------------------------ local

    /** The job's server half in this process, as this server (no SSH), its partials into {@code execution}. */
    private boolean runLocal(Plan plan, ClientExecution<String> execution, List<String> files, List<String> errors)
            throws InterruptedException {
        FileGlobs.Expansion expansion = FileGlobs.expand(files);
        errors.addAll(expansion.problems());
        if (expansion.files().stream().noneMatch(Files::isReadable)) {
            expansion.files().stream().map(f -> f + ": cannot read the file (permission denied or gone)")
                    .forEach(errors::add);
            return false;
        }
        execution.runInProcess(host.hostname(), Execution.of(host), plan.server(),
                Inputs.ReadOnce.asProcess(expansion.files()), errors::add, bytes -> { });
        return true;
    }

    // ------------------------------------------------------------------ remote

    private boolean runRemote(ScheduleJob job, List<String> files, ClientExecution<ServerAddress> execution, BooleanSupplier stop,
                              List<String> errors) throws InterruptedException, JobFailure {
        JobServers targets;
        try {
            targets = JobServers.resolve(job.name(), job.servers(), job.discovery(), remoteAccess, this::identity);
        } catch (JobServers.NoServers | IOException e) {
            throw new JobFailure(e.getMessage());
        }
        RemoteSink sink = new ExecutionSink(execution, RemoteSink.partialsOnly((server, partial) -> { },
                (server, message) -> errors.add(server + ": " + message)));
        List<ServerFailure> failures;
        try (RemoteRun run = targets.open(sink)) {
            failures = run.run(targets.servers(), PlanRequest.map(files, job.query()), stop);
        } catch (IOException e) {
            throw new JobFailure(e.getMessage());
        }
        for (ServerFailure f : failures) {
            errors.add(f.server() + ": " + f.reason() + JobServers.loginHint(job.name(), f.server(), f.reason(), targets.identity()));
        }
        return failures.size() < targets.servers().size();
    }

    /** This server's job identity, loaded (or made) on first use. */
    synchronized JobIdentity identity() throws IOException {
        if (identity == null) {
            identity = JobIdentity.load(cacheDir);
        }
        return identity;
    }

    /** A job that cannot go on; its message is the run's error. */
    private static final class JobFailure extends Exception {
        JobFailure(String message) {
            super(message, null, false, false);
        }
    }
}
