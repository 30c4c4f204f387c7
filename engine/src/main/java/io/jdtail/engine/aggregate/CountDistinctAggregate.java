package io.jdtail.engine.aggregate;

import java.util.List;

/**
 * {@code count_distinct(field)}, alias {@code distinct(field)}: how many different values the
 * field has, exact up to 10,000 per group, then estimated by HyperLogLog (lgK 14).
 */
public final class CountDistinctAggregate extends OneFieldAggregate {

    public CountDistinctAggregate() {
        super("count_distinct", 15, "count_distinct(user)", DistinctValues::new, DistinctValues::read);
    }

    @Override
    public List<String> aliases() {
        return List.of("distinct");
    }
}
