package io.jdtail.server.job;

import io.jdtail.config.ConfigException;
import io.jdtail.config.ContinuousJob;
import io.jdtail.config.DtailConfig;
import io.jdtail.config.LoadedConfig;
import io.jdtail.engine.execution.Ticker;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.sink.ResultSinks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Server.Continuous[]} jobs of one dserver: started with the server, each on its own
 * thread, and stopped with it. See {@link ContinuousJobRunner} for what one job does.
 *
 * <p>A job that cannot run is refused at start, with an ERROR in the log naming the job and a
 * failed run in {@link JobReports} (so that {@code dtailhealth} shows it): a query that does not
 * compile, an {@code Outfile} together with an {@code outfile} clause in the query, a sink that
 * is not on the class path, {@code Servers} together with {@code RestartOnDayChange}. A job with
 * {@code Servers} (resolved through {@code Discovery}, as for scheduled jobs) follows its files on
 * those servers, logging in with this server's {@link JobIdentity}; without {@code Servers} it reads
 * this server's own files (a {@code Discovery} alone is ignored with a warning). Jobs with
 * {@code Enable: false} are skipped.
 */
public final class ContinuousJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousJobs.class);
    /** How long {@link #close} waits for each job to stop (it also closes the job's sinks). */
    static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    private final List<ContinuousJobRunner> runners;

    /**
     * What jobs over other servers need (scheduled jobs too: see {@link JobServers}).
     *
     * @param cacheDir       holds the job identity and {@value JobServers#KNOWN_HOSTS}
     * @param sshPort        the port of a server named without one
     * @param connectTimeout bound of every wait while connecting to a server
     */
    public record RemoteAccess(Path cacheDir, int sshPort, Duration connectTimeout) {
    }

    private ContinuousJobs(List<ContinuousJobRunner> runners) {
        this.runners = List.copyOf(runners);
    }

    /** Starts the enabled continuous jobs of {@code config}, by this host's wall clock and time zone. */
    public static ContinuousJobs start(DtailConfig config, HostContext host, JobReports reports) {
        PlannerSettings settings = new PlannerSettings(config.server().mapreduceLogFormat(),
                config.server().maxLineLength(), PlannerSettings.DEFAULTS.defaultInterval());
        return start(config.server().continuous(), settings, host, reports, Ticker.SYSTEM, ZoneId.systemDefault(),
                Optional.of(new RemoteAccess(Path.of(config.common().cacheDir()), config.common().sshPort(),
                        Duration.ofSeconds(10))));
    }

    /**
     * Starts the enabled jobs of {@code jobs}.
     *
     * @param clock the wall clock: interval boundaries, and (in its zone) the day of the date
     *              placeholders and of {@code RestartOnDayChange}
     */
    public static ContinuousJobs start(List<ContinuousJob> jobs, PlannerSettings settings, HostContext host,
                                       JobReports reports, Clock clock) {
        return start(jobs, settings, host, reports, clock, Optional.empty());
    }

    /**
     * Starts the enabled jobs of {@code jobs}; those with {@code Servers} need {@code remote}
     * (without it they are refused).
     */
    public static ContinuousJobs start(List<ContinuousJob> jobs, PlannerSettings settings, HostContext host,
                                       JobReports reports, Clock clock, Optional<RemoteAccess> remote) {
        return start(jobs, settings, host, reports, Ticker.withWallClock(clock), clock.getZone(), remote);
    }

    /**
     * Starts the enabled jobs of {@code jobs} on {@code ticker}'s time: a job over this server's own files polls
     * them and ends its intervals by it, so that a test drives whole intervals with a
     * {@link io.jdtail.engine.execution.ManualTicker} instead of waiting for them.
     *
     * @param zone the time zone of the date placeholders' day and of {@code RestartOnDayChange}
     */
    public static ContinuousJobs start(List<ContinuousJob> jobs, PlannerSettings settings, HostContext host,
                                       JobReports reports, Ticker ticker, ZoneId zone, Optional<RemoteAccess> remote) {
        Clock clock = ticker.withZone(zone);
        if (remote.isPresent() && jobs.stream().anyMatch(j -> j.enable() && !j.servers().isEmpty())) {
            try {
                JobIdentity id = JobIdentity.load(remote.get().cacheDir());
                LOG.info("continuous jobs log in to other servers with {} (key {}); each server a job reads from needs"
                        + " that line in <CacheDir>/<JobName>.authorized_keys", id.publicKeyFile(), id.fingerprint());
            } catch (IOException e) {
                LOG.warn("no job identity: {}; continuous jobs over other servers will fail", e.getMessage());
            }
        }
        Planner planner = new Planner(LogFormats.load(ContinuousJobs.class.getClassLoader()), settings);
        List<ContinuousJobRunner> started = new ArrayList<>();
        for (ContinuousJob job : jobs) {
            if (!job.enable()) {
                LOG.info("continuous job {}: not started (Enable is false)", job.name());
                continue;
            }
            try {
                ContinuousJobRunner runner = ContinuousJobRunner.prepare(job, planner, host, reports, ticker, clock, remote);
                runner.start();
                started.add(runner);
                LOG.info("continuous job {}: started, {}", job.name(), runner.describe());
            } catch (ContinuousJobRunner.Refused e) {
                LOG.error("continuous job {}: refused: {}", job.name(), e.getMessage());
                reports.record(new JobReports.Run(job.name(), clock.instant(), Duration.ZERO, 0,
                        List.of("refused: " + e.getMessage())));
            }
        }
        return new ContinuousJobs(started);
    }

    /**
     * Checks the {@code Graphite} target of every job, enabled or not, by the Graphite sink's one host:port
     * rule, so that dserver refuses to start on a target it could never send to, as on any other configuration
     * error. (The configuration keeps the target as written: host:port parsing is the protocol's, not config's.)
     *
     * @throws ConfigException naming each bad target {@code Server.Continuous[i].Graphite}, with why
     */
    public static void checkGraphiteTargets(LoadedConfig loaded) throws ConfigException {
        List<ContinuousJob> jobs = loaded.config().server().continuous();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Optional<String> target = jobs.get(i).graphite();
            if (target.isPresent()) {
                try {
                    ResultSinks.checkTarget("graphite", target.get());
                } catch (IOException e) {
                    problems.add("Server.Continuous[" + i + "].Graphite: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(loaded.source().map(Path::toString).orElse("configuration"), problems);
        }
    }

    /** Names of the jobs running. */
    public List<String> names() {
        return runners.stream().map(ContinuousJobRunner::name).toList();
    }

    /**
     * Stops every job: the interval in progress is not written (see {@link ContinuousJobRunner}),
     * sinks are closed (Graphite gets a short time to send what it still buffers). Idempotent.
     */
    @Override
    public void close() {
        runners.forEach(ContinuousJobRunner::requestStop);
        for (ContinuousJobRunner r : runners) {
            if (!r.awaitStopped(STOP_LIMIT)) {
                LOG.warn("continuous job {}: did not stop within {} s", r.name(), STOP_LIMIT.toSeconds());
            }
        }
    }
}
