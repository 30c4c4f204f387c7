package io.jdtail.engine.execution;

import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.testing.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A follow holds a descriptor for every file it follows: beyond its limit, a clear error, and the rest followed. */
class FollowLimitTest {

    @Test
    void filesBeyondTheLimitAreAnErrorOnce(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 5; i++) {
            Files.writeString(dir.resolve("a" + i + ".log"), "line\n");
        }
        ServerPlan plan = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS).plan(new PlanRequest(
                PlanRequest.Mode.TAIL, List.of(dir + "/*.log"), ".", false, 0, 0, 0, Optional.empty())).server();
        List<String> problems = new CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        LineEmitter emitter = new LineEmitter() {
            @Override
            public void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
            }

            @Override
            public void separator(String file) {
            }

            @Override
            public void problem(String message) {
                problems.add(message);
                reported.countDown();
            }
        };
        AtomicBoolean stop = new AtomicBoolean();
        ManualTicker ticker = new ManualTicker(Engines.T0);
        FollowRunner runner = new FollowRunner(plan, Engines.HOST, FileGate.PROCESS, ticker, p -> true, 3);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                runner.run(emitter, stop::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(reported.await(60, TimeUnit.SECONDS)).as("a problem reported").isTrue();
            // two rescans more, which see the same files beyond the limit
            ticker.advanceOnePoll(Duration.ofNanos(FollowRunner.RESCAN_NANOS), Duration.ofSeconds(60));
            ticker.advanceOnePoll(Duration.ofNanos(FollowRunner.RESCAN_NANOS), Duration.ofSeconds(60));
        } finally {
            stop.set(true);
            ticker.advance(Duration.ofSeconds(1));
            done.get(60, TimeUnit.SECONDS);
        }
        assertThat(problems).containsExactly(dir.resolve("a4.log") + ": not followed, nor any file after it: this "
                + "follow holds 3 files, the most one may; name fewer files or narrower patterns");
    }
}
