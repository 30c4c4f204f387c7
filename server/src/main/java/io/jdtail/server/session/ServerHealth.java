package io.jdtail.server.session;

import io.jdtail.engine.wire.Messages;
import io.jdtail.server.job.JobReports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code dtailhealth} is told: OK while dserver serves and every job's last run went well; a
 * warning naming each job whose last run failed. (Critical is what the client reports when it
 * cannot reach the server at all.)
 */
public final class ServerHealth {

    private final Clock clock;
    private final Instant started;
    private final JobReports jobs;

    public ServerHealth(Clock clock, JobReports jobs) {
        this.clock = clock;
        this.started = clock.instant();
        this.jobs = jobs;
    }

    /** The answer, given how many requests are running now. */
    public Messages.Health check(int runningRequests) {
        List<JobReports.Run> failing = jobs.failing();
        String serving = "up " + uptime(Duration.between(started, clock.instant())) + ", " + runningRequests
                + " running requests, " + jobs.lastRuns().size() + " jobs ran";
        if (failing.isEmpty()) {
            return new Messages.Health(Messages.Health.OK, serving);
        }
        StringBuilder why = new StringBuilder();
        for (JobReports.Run run : failing) {
            why.append(why.isEmpty() ? "" : "; ").append("job ").append(run.job()).append(" failed its last run at ")
                    .append(run.started()).append(": ").append(run.errors().getFirst());
            if (run.errors().size() > 1) {
                why.append(" (and ").append(run.errors().size() - 1).append(" more)");
            }
        }
        return new Messages.Health(Messages.Health.WARNING, why + " (" + serving + ")");
    }

    private static String uptime(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        }
        return s / 3600 + "h" + s % 3600 / 60 + "m";
    }
}
