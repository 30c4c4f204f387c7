package io.jdtail.clients.local;

import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.LineRenderer;
import io.jdtail.clients.render.LineStyle;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Plan;
import java.io.OutputStream;

/** Serverless cat and grep: the read-once plan runs in-process and its lines are rendered directly. */
public final class LocalRead {

    private LocalRead() {
    }

    public static void run(Plan plan, Inputs inputs, OutputStream out, HostContext host, LineStyle style,
                           ClientMessages messages) throws InterruptedException {
        LineRenderer renderer = new LineRenderer(out, host.hostname(), style, messages::error);
        try {
            Execution.of(host).run(plan.server(), inputs, renderer);
        } finally {
            renderer.flush();
        }
        messages.splitLinesHere(renderer.splitLines());
    }
}
