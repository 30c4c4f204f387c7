package io.jdtail.sink.graphite;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinkProvider;
import io.jdtail.engine.sink.SinkRequest;
import java.io.IOException;

/**
 * The {@code graphite} result sink: target {@code host[:port]} (port 2003 when omitted,
 * {@code [v6addr]:port} for IPv6), options {@code prefix}, {@code job}, {@code bufferLines}. See {@link GraphiteResultSink} and {@link MetricLines}.
 */
public final class GraphiteResultSinkProvider implements ResultSinkProvider {

    /** By {@link GraphiteTarget#parse}, the rule {@link #open} reads the target with. */
    @Override
    public void checkTarget(String target) throws IOException {
        GraphiteTarget.parse(target);
    }

    @Override
    public String name() {
        return "graphite";
    }

    @Override
    public ResultSink open(SinkRequest request) throws IOException {
        return GraphiteResultSink.open(request);
    }
}
