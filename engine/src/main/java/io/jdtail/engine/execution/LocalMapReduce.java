package io.jdtail.engine.execution;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A whole map-reduce in one process: the server half of the plan runs here and its partials go
 * straight into the client half, the same merge a remote run uses. Serverless {@code dmap} and
 * dserver's scheduled jobs over local files both run it.
 */
public final class LocalMapReduce {

    private final Plan plan;
    private final ResultMerger merger;
    private final HostContext host;
    private final LongAdder bytesRead = new LongAdder();

    public LocalMapReduce(Plan plan, HostContext host) {
        this.plan = plan;
        this.merger = new ResultMerger(plan.client().result().orElseThrow());
        this.host = host;
    }

    public ResultMerger merger() {
        return merger;
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    /** Reads the files (or, when {@code stdin} is given, that stream); problems go to {@code problems}. */
    public void run(List<Path> files, InputStream stdin, Consumer<String> problems) throws InterruptedException {
        PartialEmitter emitter = new PartialEmitter() {
            @Override
            public void partial(PartialAggregate partial) {
                merger.merge(partial);
            }

            @Override
            public void problem(String message) {
                problems.accept(message);
            }

            @Override
            public void progress(long bytes) {
                bytesRead.add(bytes);
            }
        };
        Inputs inputs = stdin != null ? new Inputs.Stream(stdin, "stdin") : Inputs.ReadOnce.asProcess(files);
        Execution.of(host).run(plan.server(), inputs, emitter);
    }
}
