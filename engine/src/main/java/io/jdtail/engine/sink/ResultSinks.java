package io.jdtail.engine.sink;

import io.jdtail.engine.plugin.Plugins;
import java.io.IOException;

/** Finds sink providers on the class path by name. */
public final class ResultSinks {

    private ResultSinks() {
    }

    public static ResultSink open(String kind, SinkRequest request) throws IOException {
        return provider(kind).open(request);
    }

    /** {@link ResultSinkProvider#checkTarget} of the {@code kind} provider. */
    public static void checkTarget(String kind, String target) throws IOException {
        provider(kind).checkTarget(target);
    }

    private static ResultSinkProvider provider(String kind) throws IOException {
        for (ResultSinkProvider p : Plugins.find(ResultSinkProvider.class, Thread.currentThread().getContextClassLoader())) {
            if (p.name().equals(kind)) {
                return p;
            }
        }
        throw new IOException("no '" + kind + "' result sink on the class path");
    }
}
