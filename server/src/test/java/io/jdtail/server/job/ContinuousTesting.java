package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.plan.PlannerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the continuous-job tests (also the e2e ones, through this module's test jar) share: a writer that keeps to
 * the middle of intervals, jobs, waits.
 */
public final class ContinuousTesting {

    public static final PlannerSettings SETTINGS = PlannerSettings.DEFAULTS;

    private ContinuousTesting() {
    }

    public static ContinuousJob job(String name, List<String> files, String query, Optional<String> outfile,
                                    Optional<String> graphite, Optional<String> prefix, boolean restartOnDayChange) {
        return new ContinuousJob(name, true, files, query, outfile, List.of(), restartOnDayChange, graphite, prefix,
                List.of(), Optional.empty());
    }

    /**
     * Writes only between 30 % and 70 % of a clock-aligned interval, so that every line is read by
     * the follower well inside the interval it was written in: a line's interval is unambiguous.
     */
    public static final class IntervalWriter {
        private final Clock clock;
        private final long intervalMillis;

        public IntervalWriter(Clock clock, Duration interval) {
            this.clock = clock;
            this.intervalMillis = interval.toMillis();
        }

        /** Sleeps until 30 % into the next interval that can still be entered there; returns its index. */
        public long nextWindow() throws InterruptedException {
            long now = clock.millis();
            long index = Math.floorDiv(now, intervalMillis);
            long windowStart = index * intervalMillis + intervalMillis * 3 / 10;
            // at the window's start (the same millisecond as the last write) is already too late for it
            if (now >= windowStart) {
                index++;
                windowStart += intervalMillis;
            }
            Thread.sleep(Math.max(0, windowStart - clock.millis()));
            while (clock.millis() < windowStart) {
                Thread.sleep(1);
            }
            return index;
        }

        /** Appends {@code text} to every file with one write each, then checks the window was kept. */
        public void write(long index, String text, Path... files) throws IOException {
            for (Path f : files) {
                Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            long windowEnd = index * intervalMillis + intervalMillis * 7 / 10;
            if (clock.millis() > windowEnd) {
                fail("the test's writer missed its window in interval " + index + " (the machine is very busy):"
                        + " a line's interval would be ambiguous");
            }
        }
    }

    /** Polls (bounded) until the job's last recorded run satisfies {@code condition}; returns it. */
    public static JobReports.Run awaitRun(JobReports reports, String job, Predicate<JobReports.Run> condition, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        JobReports.Run last = null;
        for (int i = 0; i < 10_000; i++) {
            last = reports.lastRuns().get(job);
            if (last != null && condition.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(10);
        }
        return fail("job " + job + ": no such run within " + limit + "; last run: " + last);
    }

    /** Waits (bounded) for a thread to end. */
    static void join(Thread t, Duration limit) throws InterruptedException {
        t.join(limit.toMillis());
        if (t.isAlive()) {
            fail(t.getName() + " did not end within " + limit);
        }
    }
}
