package io.jdtail.engine.plan;

import java.util.Optional;

/**
 * The pipeline that runs where the files are: source, optional line filter and context, and for
 * map-reduce queries the aggregation. {@code dcat} is source only; {@code dgrep} adds the filter;
 * {@code dtail} follows; {@code dmap} aggregates.
 */
public record ServerPlan(SourceNode source, Optional<FilterNode> filter, ContextNode context,
                         Optional<AggregationNode> aggregation) {
}
