package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.execution.ManualTicker;
import io.jdtail.engine.plan.PlannerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * Drives the one job of a {@link ContinuousJobs#start} over its own files on a {@link ManualTicker}: its
     * follower polls only when the test moves time on, so a test writes lines, lets one poll read them inside the
     * interval in progress, and ends that interval by moving time to its boundary, without waiting for any interval.
     * One follower per ticker (each of its polls ends in one wait of the ticker).
     */
    public static final class ManualIntervals {
        /** The follower's poll period, as the engine's: the wait a poll ends in lasts this much of the ticker's time. */
        private static final Duration POLL = Duration.ofMillis(20);
        /** Bound of every wait for the follower, in real time. */
        private static final Duration LIMIT = Duration.ofSeconds(20);
        /** Polls {@link #close} drives at most before the follower must have seen its stop. */
        private static final int MAX_STOP_POLLS = 1_000;

        private final ManualTicker ticker;
        private final long intervalMillis;

        /**
         * Time starts 100 ms into the interval that holds {@code near}: a test interval leaves room for a few polls
         * before its boundary.
         */
        public ManualIntervals(Duration interval, Instant near) {
            this.intervalMillis = interval.toMillis();
            this.ticker = new ManualTicker(Instant.ofEpochMilli(Math.floorDiv(near.toEpochMilli(), intervalMillis)
                    * intervalMillis + 100));
        }

        /** The ticker to start the job on. */
        public ManualTicker ticker() {
            return ticker;
        }

        /** Waits (bounded) until the follower has opened its files (from their end) and polled once. */
        public void awaitFollowing() throws InterruptedException {
            ticker.awaitWaiting(1, LIMIT);
        }

        /** The index of the interval in progress (its start divided by the interval). */
        public long index() {
            return Math.floorDiv(ticker.millis(), intervalMillis);
        }

        /** The start of the interval in progress. */
        public Instant intervalStart() {
            return Instant.ofEpochMilli(index() * intervalMillis);
        }

        /** One poll: the follower reads what was written, into the interval in progress. */
        public void poll() throws InterruptedException {
            ticker.advanceOnePoll(POLL, LIMIT);
        }

        /**
         * Lets the follower read what was written, then moves time to the next boundary and returns once the
         * follower has polled there: the interval is ended, written and recorded. Returns the new interval's index.
         */
        public long endInterval() throws InterruptedException {
            poll();
            long boundary = (index() + 1) * intervalMillis;
            ticker.advanceOnePoll(Duration.ofMillis(boundary - ticker.millis()), LIMIT);
            return index();
        }

        /** Stops the jobs: see {@link #stop}. */
        public void close(ContinuousJobs jobs) throws InterruptedException {
            stop(jobs::close);
        }

        /**
         * Runs {@code stopping} (which stops the jobs and waits for them) on a thread of its own while time moves on
         * a poll at a time, so that the follower's wait ends and it sees the stop; returns when it has returned.
         */
        public void stop(Runnable stopping) throws InterruptedException {
            Thread closing = Thread.ofPlatform().name("stopping-continuous-jobs").start(stopping);
            for (int i = 0; i < MAX_STOP_POLLS && closing.isAlive(); i++) {
                ticker.advance(POLL);
                closing.join(POLL);
            }
            join(closing, LIMIT);
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
