package io.jdtail.engine.execution;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.testing.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** An aggregation holds every file it reads open until it is done: beyond its limit, a clear error, once. */
class AggregationFileLimitTest {

    @Test
    void filesBeyondTheLimitAreAnErrorAndNotOpened(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            files.add(Files.writeString(dir.resolve("a" + i + ".log"), "k=v\n"));
        }
        Plan plan = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS).plan(new PlanRequest(PlanRequest.Mode.MAP,
                files.stream().map(Path::toString).toList(), ".", false, 0, 0, 0,
                Optional.of("select count(*) logformat testkv")));
        List<String> problems = new ArrayList<>();
        List<PartialAggregate> partials = new ArrayList<>();
        PartialEmitter emitter = new PartialEmitter() {
            @Override
            public void partial(PartialAggregate partial) {
                partials.add(partial);
            }

            @Override
            public void problem(String message) {
                problems.add(message);
            }
        };
        new AggregationRunner(plan.server(), Engines.HOST, Ticker.SYSTEM, 1, 3)
                .run(files, FileGate.PROCESS, emitter);
        assertThat(problems).containsExactly(files.get(3) + ": not read, nor any file after it: this request reads 3 "
                + "files at most; name fewer files or narrower patterns");
    }
}
