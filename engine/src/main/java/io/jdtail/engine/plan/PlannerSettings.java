package io.jdtail.engine.plan;

import java.time.Duration;

/**
 * Defaults that come from the server configuration rather than the query.
 *
 * @param mapreduceLogFormat format for queries with {@code from} and no {@code logformat}
 * @param maxLineLength      longer lines are split into pieces of this many bytes
 * @param defaultInterval    interval of queries without an {@code interval} clause
 */
public record PlannerSettings(String mapreduceLogFormat, int maxLineLength, Duration defaultInterval) {

    public static final PlannerSettings DEFAULTS = new PlannerSettings("default", 1 << 20, Duration.ofSeconds(5));
}
