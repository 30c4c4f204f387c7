package io.jdtail.server.job;

import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.client.IntervalTables;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.remote.ExecutionSink;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A continuous job over other servers: one {@link RemoteRun} in follow mode over all the job's servers (logged in
 * as the job, see {@link JobRunner}; it reconnects with backoff by itself), whose partials go into one table per
 * interval by the interval each carries ({@link ClientExecution}); an interval is written on the job's thread
 * once every connected server's partial of it is in ({@link IntervalTables}: a lost server is not waited for, a
 * stuck one for {@link IntervalTables#MAX_LEAD} intervals at most). A server that sent nothing for an interval is
 * an error of that interval, with its failure when known. {@code Files} and {@code Outfile} are resolved with the
 * day the run started.
 */
record ServerFollower(ContinuousJobRunner.Spec spec, ContinuousJobs.RemoteAccess access, BooleanSupplier stopping)
        implements ContinuousJobRunner.Follower {

    private static final Logger LOG = LoggerFactory.getLogger(ServerFollower.class);
    /** How often the job's thread waiting for the next interval looks whether dserver is stopping. */
    private static final Duration STOP_CHECK = Duration.ofMillis(50);

    /** Follows the servers while this thread writes the intervals; returns why it ended early, or null when stopped. */
    @Override
    public String follow() throws IOException, InterruptedException {
        JobServers targets;
        try {
            ContinuousJob job = spec.job();
            targets = JobServers.resolve(job.name(), job.servers(), job.discovery(), access,
                    () -> JobIdentity.load(access.cacheDir()));
        } catch (JobServers.NoServers e) {
            return e.getMessage();
        }
        List<ServerAddress> servers = targets.servers();
        LocalDate day = LocalDate.now(spec.clock());
        RemoteIntervals intervals = new RemoteIntervals(servers, targets.identity());
        AtomicReference<String> ended = new AtomicReference<>();
        try (RemoteRun run = targets.open(intervals.sink()); IntervalOutput output = spec.output(day)) {
            run.onFailure(intervals::failed);
            PlanRequest request = ContinuousJobRunner.request(spec.job(), day);
            Thread follower = Thread.ofPlatform().daemon().name("continuous-" + spec.job().name() + "-servers").start(() -> {
                try {
                    List<ServerFailure> failures = run.run(servers, request, stopping);
                    ended.set("following the servers ended: " + failures);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ended.set("interrupted");
                } catch (RuntimeException | Error e) {
                    LOG.error("continuous job {}: following the servers failed", spec.job().name(), e);
                    ended.set("following the servers failed: " + e);
                }
            });
            intervals.writeUntilStopped(output, follower);
            follower.join(ContinuousJobs.STOP_LIMIT.toMillis());
        }
        return stopping.getAsBoolean() ? null : ended.get();
    }

    /** The servers' partials into the client half; each complete interval queued for the job's thread with its errors. */
    private final class RemoteIntervals implements RemoteSink {

        private record Complete(ClientExecution.Interval<ServerAddress> interval, List<String> errors) {
        }

        private final List<ServerAddress> servers;
        private final JobIdentity id;
        private final ClientExecution<ServerAddress> execution = ClientExecution.following(spec.result(), spec.result().interval(),
                this::complete);
        /** Tables complete and not written yet, in interval order; the job's thread writes them. */
        private final BlockingQueue<Complete> complete = new LinkedBlockingQueue<>();
        private final Map<ServerAddress, String> failing = new HashMap<>();
        private final IntervalProblems problems = new IntervalProblems();

        RemoteIntervals(List<ServerAddress> servers, JobIdentity id) {
            this.servers = servers;
            this.id = id;
        }

        /** Feeds the client half; this object hears the rest. */
        RemoteSink sink() {
            return new ExecutionSink(execution, this);
        }

        @Override
        public synchronized void connected(ServerAddress server) {
            failing.remove(server);
        }

        @Override
        public void partial(ServerAddress server, PartialFrame partial) {
            throw new IllegalStateException("the job's partials go to its client half: " + server);
        }

        @Override
        public void lines(ServerAddress server, LineBatch batch) {
        }

        @Override
        public void separator(ServerAddress server) {
        }

        @Override
        public void stats(ServerAddress server, Messages.Stats stats) {
        }

        @Override
        public void problem(ServerAddress server, String message) {
            problems.add(server + ": " + message);
        }

        synchronized void failed(ServerAddress server, String reason) {
            failing.put(server, reason + JobServers.loginHint(spec.job().name(), server, reason, id));
        }

        /** An interval's table is complete (called in interval order): its errors are the problems since the last. */
        private synchronized void complete(ClientExecution.Interval<ServerAddress> interval) {
            IntervalTables.Table<ServerAddress> table = interval.table();
            List<String> errors = problems.drain();
            errors.addAll(table.notes());
            for (ServerAddress s : servers) {
                if (!table.from().contains(s)) {
                    String reason = failing.get(s);
                    errors.add(s + ": " + (reason != null ? reason : "no result for this interval (not connected then)"));
                }
            }
            complete.add(new Complete(interval, errors));
        }

        /** Writes every interval once its table is complete, until dserver stops or the follower ends. */
        void writeUntilStopped(IntervalOutput output, Thread follower) throws InterruptedException {
            while (!stopping.getAsBoolean() && follower.isAlive()) {
                Complete c = complete.poll(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                if (c != null && !stopping.getAsBoolean()) {
                    output.write(c.interval().result(), c.interval().table().start(), c.interval().table().end(), c.errors());
                }
            }
            if (stopping.getAsBoolean()) {
                LOG.info("continuous job {}: stopping; an unfinished interval is not written", spec.job().name());
            }
        }
    }
}
