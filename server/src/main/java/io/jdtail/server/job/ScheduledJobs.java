package io.jdtail.server.job;

import io.jdtail.config.DtailConfig;
import io.jdtail.config.ScheduleJob;
import io.jdtail.engine.operator.HostContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * dserver's scheduled jobs ({@code Server.Schedule[]}). Every {@link Options#checkInterval()} (a minute) a
 * <em>pass</em> looks at each enabled job: when the hour of {@link Options#clock()} is in the job's
 * {@code TimeRange} and its {@code Outfile} (date placeholders resolved with the clock's date) does not exist,
 * the job runs ({@link JobRunner}) on a thread of its own. So a daily report is made once: once the file is
 * there, later passes leave it alone; to make it again, remove it. A job whose last run is still going is not
 * started again; a job failing never stops the others. Every run is recorded in {@link JobReports} (which
 * logs it with its name, duration, rows and errors).
 *
 * <p>A job whose query does not compile is recorded as failed once, at construction, and never run.
 */
public final class ScheduledJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);

    /**
     * @param clock          the time passes go by (the hour for TimeRange, the date for placeholders)
     * @param checkInterval  time between passes
     * @param connectTimeout bound of every wait while a job connects to a server
     * @param host           {@code $hostname} and the time zone of local jobs
     * @param closeWait      how long {@link #close()} waits for running jobs to end
     */
    public record Options(Clock clock, Duration checkInterval, Duration connectTimeout, HostContext host,
                          Duration closeWait) {

        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(host, "host");
            if (checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("checkInterval must be positive");
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            Objects.requireNonNull(closeWait, "closeWait");
        }

        public static Options defaults() {
            return new Options(Clock.systemDefaultZone(), Duration.ofMinutes(1), Duration.ofSeconds(10),
                    HostContext.local(), Duration.ofSeconds(10));
        }

        public Options withClock(Clock c) {
            return new Options(c, checkInterval, connectTimeout, host, closeWait);
        }

        public Options withCheckInterval(Duration d) {
            return new Options(clock, d, connectTimeout, host, closeWait);
        }

        public Options withHost(HostContext h) {
            return new Options(clock, checkInterval, connectTimeout, h, closeWait);
        }
    }

    private final List<ScheduleJob> jobs;
    private final JobReports reports;
    private final Options options;
    private final JobRunner runner;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private ScheduledExecutorService timer;

    public ScheduledJobs(DtailConfig config, JobReports reports, Options options) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.options = Objects.requireNonNull(options, "options");
        this.runner = new JobRunner(config, options.host(), options.clock(), options.connectTimeout());
        List<ScheduleJob> usable = new ArrayList<>();
        for (ScheduleJob job : config.server().schedule()) {
            if (!job.enable()) {
                LOG.debug("job {}: not enabled", job.name());
                continue;
            }
            Optional<String> problem = runner.check(job);
            if (problem.isPresent()) {
                reports.record(new JobReports.Run(job.name(), options.clock().instant(), Duration.ZERO, 0,
                        List.of(problem.get() + " (the job will not run; fix the configuration and restart dserver)")));
                continue;
            }
            usable.add(job);
        }
        this.jobs = List.copyOf(usable);
        if (jobs.stream().anyMatch(JobRunner::isRemote)) {
            try {
                JobIdentity id = runner.identity();
                LOG.info("jobs log in to other servers with {} (key {}); each server a job reads from needs that line "
                        + "in <CacheDir>/<JobName>.authorized_keys", id.publicKeyFile(), id.fingerprint());
            } catch (java.io.IOException e) {
                LOG.warn("no job identity: {}; jobs over other servers will fail", e.getMessage());
            }
        }
    }

    /** Creates the scheduler and starts its passes (the first one at once). */
    public static ScheduledJobs start(DtailConfig config, JobReports reports, Options options) {
        ScheduledJobs s = new ScheduledJobs(config, reports, options);
        s.start();
        return s;
    }

    /** Starts the passes, the first at once. Does nothing when there is no job to run. */
    public synchronized ScheduledJobs start() {
        if (timer != null || closed) {
            return this;
        }
        if (jobs.isEmpty()) {
            LOG.debug("no enabled scheduled job");
            return this;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("dserver-schedule")
                .unstarted(r));
        long every = options.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pass, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("{} scheduled job(s), checked every {} s", jobs.size(), options.checkInterval().toSeconds());
        return this;
    }

    /** The jobs passes look at (enabled, with a query that compiles). */
    public List<ScheduleJob> jobs() {
        return jobs;
    }

    /**
     * One pass: starts every job that is due and not running. Returns the runs it started, each completing with its
     * report once the job has ended (and is no longer counted as running).
     */
    public List<CompletableFuture<JobReports.Run>> pass() {
        List<CompletableFuture<JobReports.Run>> started = new ArrayList<>();
        if (closed) {
            return started;
        }
        ZonedDateTime now = ZonedDateTime.now(options.clock());
        LocalDate date = now.toLocalDate();
        for (ScheduleJob job : jobs) {
            try {
                if (!job.timeRange().contains(now.getHour())) {
                    LOG.debug("job {}: hour {} is outside its time range", job.name(), now.getHour());
                    continue;
                }
                Path outfile = JobRunner.outfile(job, date);
                if (Files.exists(outfile)) {
                    LOG.debug("job {}: {} exists, nothing to do", job.name(), outfile);
                    continue;
                }
                if (!running.add(job.name())) {
                    LOG.debug("job {}: still running", job.name());
                    continue;
                }
                started.add(launch(job, date));
            } catch (RuntimeException e) {
                LOG.warn("job {}: cannot start: {}", job.name(), e.toString());
            }
        }
        return started;
    }

    private CompletableFuture<JobReports.Run> launch(ScheduleJob job, LocalDate date) {
        CompletableFuture<JobReports.Run> done = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().name("job-" + job.name()).unstarted(() -> {
            JobReports.Run run;
            long t0 = System.nanoTime();
            try {
                run = runner.run(job, date, () -> closed);
            } catch (InterruptedException e) {
                run = failed(job, t0, "interrupted: dserver is shutting down");
            } catch (Throwable e) {
                LOG.warn("job {} failed", job.name(), e);
                run = failed(job, t0, "failed: " + e);
            }
            threads.remove(job.name());
            running.remove(job.name());
            reports.record(run);
            done.complete(run);
        });
        threads.put(job.name(), t);
        t.start();
        return done;
    }

    private JobReports.Run failed(ScheduleJob job, long t0, String error) {
        return new JobReports.Run(job.name(), options.clock().instant(), Duration.ofNanos(System.nanoTime() - t0), 0,
                List.of(error));
    }

    /** Names of the jobs running now. */
    public Set<String> runningJobs() {
        return Set.copyOf(running);
    }

    /**
     * Stops the passes and the running jobs (a remote job ends its sessions, a local one is interrupted; neither
     * writes its outfile), waiting up to {@link Options#closeWait()} for them.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        threads.values().forEach(Thread::interrupt);
        long end = System.nanoTime() + options.closeWait().toNanos();
        for (Thread t : List.copyOf(threads.values())) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
