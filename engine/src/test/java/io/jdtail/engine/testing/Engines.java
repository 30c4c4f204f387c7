package io.jdtail.engine.testing;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.MapReduceOperator;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.AggregationNode;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Plans queries against the test format and runs lines through operators. */
public final class Engines {

    public static final HostContext HOST = new HostContext("testhost", ZoneId.of("UTC"));
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Engines() {
    }

    public static Plan plan(String query) {
        return new Planner(LogFormats.load(), PlannerSettings.DEFAULTS).planQuery(List.of(), query);
    }

    public static AggregationNode aggregation(Plan plan) {
        return plan.server().aggregation().orElseThrow();
    }

    public static ResultNode result(Plan plan) {
        return plan.client().result().orElseThrow();
    }

    /** Aggregates lines {@code [from, to)} with ordinals equal to their index. */
    public static PartialAggregate aggregate(Plan plan, List<String> lines, int from, int to) {
        MapReduceOperator op = new MapReduceOperator(aggregation(plan), HOST);
        for (int i = from; i < to; i++) {
            byte[] b = lines.get(i).getBytes(StandardCharsets.UTF_8);
            op.accept(b, 0, b.length, i);
        }
        return op.drain();
    }

    public static ResultTable onePass(Plan plan, List<String> lines) {
        return ResultMerger.render(result(plan), aggregate(plan, lines, 0, lines.size()), T0);
    }
}
