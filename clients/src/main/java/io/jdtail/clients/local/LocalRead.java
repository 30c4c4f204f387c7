package io.jdtail.clients.local;

import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.LineRenderer;
import io.jdtail.clients.render.LineStyle;
import io.jdtail.engine.execution.ReadRunner;
import io.jdtail.engine.plan.Plan;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** Serverless cat and grep: the read-once plan runs in-process and its lines are rendered directly. */
public final class LocalRead {

    private LocalRead() {
    }

    public static void run(Plan plan, List<Path> files, InputStream stream, OutputStream out, String host,
                           LineStyle style, ClientMessages messages) {
        LineRenderer renderer = new LineRenderer(out, host, style, messages::error);
        ReadRunner runner = new ReadRunner(plan.server());
        try {
            if (stream != null) {
                runner.run(stream, "-", renderer);
            } else {
                runner.run(files, renderer);
            }
        } finally {
            renderer.flush();
        }
    }
}
