package io.jdtail.engine.sink;

import java.util.Map;

/**
 * What a sink is asked to open: {@code target} is the sink's own address (a path for CSV,
 * host:port for Graphite), {@code append} whether to add to what is there, {@code queryText} the
 * query that makes the results, {@code options} sink-specific settings (e.g. a metric prefix).
 */
public record SinkRequest(String target, boolean append, String queryText, Map<String, String> options) {

    public SinkRequest {
        options = Map.copyOf(options);
    }
}
