package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.render.Terminal;
import io.jdtail.config.ContinuousJob;
import io.jdtail.config.GraphiteTarget;
import io.jdtail.engine.plan.PlannerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What the continuous-job tests (also the e2e ones) share: a writer that keeps to the middle of intervals, jobs, waits. */
public final class ContinuousTesting {

    static final PlannerSettings SETTINGS = PlannerSettings.DEFAULTS;

    private ContinuousTesting() {
    }

    static ContinuousJob job(String name, List<String> files, String query, Optional<String> outfile,
                             Optional<GraphiteTarget> graphite, Optional<String> prefix, boolean restartOnDayChange) {
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

    /** Runs the real {@code dmap} over {@code file}; the query's outfile clause names where its CSV goes. */
    public static void dmap(String query, Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        DmapCommand command = new DmapCommand();
        command.redirect(o, e, null, new Terminal(false, false));
        int status = Commands.execute(command, o, e, "--plain", "--query", query, file.toString());
        if (status != 0) {
            fail("dmap exited " + status + ": " + err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Waits (bounded) for a thread to end. */
    static void join(Thread t, Duration limit) throws InterruptedException {
        t.join(limit.toMillis());
        if (t.isAlive()) {
            fail(t.getName() + " did not end within " + limit);
        }
    }
}
