package io.jdtail.server.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last run of every scheduled and continuous job: each run is logged when it is recorded, and
 * {@code dtailhealth} reports a job whose last run failed as a warning. Thread-safe.
 */
public final class JobReports {

    private static final Logger LOG = LoggerFactory.getLogger(JobReports.class);

    /**
     * One finished run (a scheduled job's run, or one interval of a continuous job).
     *
     * @param job     the job's {@code Name}
     * @param started when the run began
     * @param took    how long it ran
     * @param rows    result rows written
     * @param errors  what went wrong (files that could not be read, a sink that failed, ...); empty = OK
     */
    public record Run(String job, Instant started, Duration took, long rows, List<String> errors) {

        public Run {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(took, "took");
            errors = List.copyOf(errors);
        }

        public boolean failed() {
            return !errors.isEmpty();
        }
    }

    private final Map<String, Run> last = new ConcurrentHashMap<>();

    /** Logs the run and keeps it as the job's last. */
    public void record(Run run) {
        last.put(run.job(), run);
        if (run.failed()) {
            LOG.warn("job {}: ran {} ms, {} rows, {} error(s): {}", run.job(), run.took().toMillis(), run.rows(),
                    run.errors().size(), String.join("; ", run.errors()));
        } else {
            LOG.info("job {}: ran {} ms, {} rows", run.job(), run.took().toMillis(), run.rows());
        }
    }

    /** The last run of every job that has run, by name. */
    public Map<String, Run> lastRuns() {
        return new TreeMap<>(last);
    }

    /** Jobs whose last run failed, by name. */
    public List<Run> failing() {
        return lastRuns().values().stream().filter(Run::failed).toList();
    }
}
