package io.jdtail.server.job;

import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.PartialEmitter;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.source.FileGlobs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A continuous job over this server's own files: the query's server half follows the day's files in this
 * process (with dserver's own file access), and its partials go through the same client half a job over
 * servers uses ({@link ClientExecution}, by the interval each carries); every interval is written as soon as it
 * ends. One {@link #follow} lasts until dserver stops or, with {@code RestartOnDayChange}, until the day
 * changes: then the old day's lines since the last boundary are written as a short interval, and the next
 * {@link #follow} reads a file the previous day's did not follow (the new day's) from its start.
 */
final class LocalFollower implements ContinuousJobRunner.Follower {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFollower.class);

    private final ContinuousJobRunner.Spec spec;
    private final ContinuousJob job;
    private final Clock clock;
    private final BooleanSupplier stopping;
    /** The paths the previous day's run followed; null before the first. */
    private Set<Path> previous;

    LocalFollower(ContinuousJobRunner.Spec spec, BooleanSupplier stopping) {
        this.spec = spec;
        this.job = spec.job();
        this.clock = spec.clock();
        this.stopping = stopping;
    }

    @Override
    public String follow() throws InterruptedException {
        LocalDate day = LocalDate.now(clock);
        PlanRequest request = ContinuousJobRunner.request(job, day);
        Plan plan = spec.planner().plan(request);
        Set<Path> followedBefore = previous;
        Predicate<Path> fromStart = followedBefore == null ? p -> false : p -> !followedBefore.contains(key(p));
        BooleanSupplier stop = job.restartOnDayChange()
                ? () -> stopping.getAsBoolean() || !LocalDate.now(clock).equals(day)
                : stopping;
        String failure = null;
        try (IntervalOutput output = spec.output(day)) {
            IntervalProblems problems = new IntervalProblems();
            ClientExecution<String> execution = ClientExecution.following(plan.client().result().orElseThrow(),
                    plan.client().result().get().interval(), interval -> output.write(interval.result(),
                            interval.table().start(), interval.table().end(), problems.drain()));
            Execution.of(spec.host()).on(spec.ticker()).run(plan.server(),
                    new Inputs.Followed(FileGate.PROCESS, fromStart, stop),
                    new DayRun(execution.fromProcess(spec.host().hostname(), problems::add, bytes -> { }), problems));
            execution.disconnected(spec.host().hostname());
            execution.finish();
        } catch (RuntimeException | Error e) { // a bug or exhausted memory: on record, and the job goes on
            LOG.error("continuous job {}: failed", job.name(), e);
            failure = e.toString();
        }
        if (!stopping.getAsBoolean() && !LocalDate.now(clock).equals(day)) {
            LOG.info("continuous job {}: the day changed to {}, following {} now", job.name(), LocalDate.now(clock),
                    ContinuousJobRunner.request(job, LocalDate.now(clock)).files());
        }
        previous = followed(request.files());
        return failure;
    }

    /**
     * What one day's run emits: every whole interval goes on to the client half; the run's last partial, cut short,
     * only when the run restarts for a new day (a short interval ending at the restart) and it holds anything.
     * When dserver stops it is dropped: a fraction of an interval would look like a whole one with low figures.
     */
    private final class DayRun implements PartialEmitter {

        private final PartialEmitter toClient;
        private final IntervalProblems problems;

        DayRun(PartialEmitter toClient, IntervalProblems problems) {
            this.toClient = toClient;
            this.problems = problems;
        }

        @Override
        public void partial(PartialAggregate partial) {
            throw new IllegalStateException("a continuous job takes partials with their interval");
        }

        @Override
        public void partial(PartialAggregate partial, FollowInterval interval) {
            if (!interval.last()) {
                toClient.partial(partial, interval);
            } else if (stopping.getAsBoolean()) {
                if (partial.counters().lines > 0) {
                    LOG.info("continuous job {}: stopping; the unfinished interval since {} ({} lines) is not written",
                            job.name(), ZonedDateTime.ofInstant(interval.start(), clock.getZone()).toLocalTime(),
                            partial.counters().lines);
                }
            } else if (!partial.isEmpty()) {
                toClient.partial(partial, interval);
            }
        }

        @Override
        public void problem(String message) {
            problems.add(message);
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
}
