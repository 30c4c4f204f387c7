package io.jdtail.engine.execution;

import io.jdtail.engine.aggregate.PartialAggregate;

/** Receives the partial aggregates of a map-reduce plan. */
public interface PartialEmitter extends Emitter {

    /** What was aggregated since the previous partial from the same reader. */
    void partial(PartialAggregate partial);

    /**
     * A follow run's partial together with the interval it covers (see {@link FollowInterval});
     * only {@link FollowRunner} calls this. By default the interval is ignored.
     */
    default void partial(PartialAggregate partial, FollowInterval interval) {
        partial(partial);
    }
}
