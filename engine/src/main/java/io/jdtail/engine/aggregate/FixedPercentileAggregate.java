package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import java.util.List;

/** A shorthand for one percentile, {@code p99(latency)} = {@code percentile(latency, 99)}. */
abstract class FixedPercentileAggregate extends PercentileFamily {

    private final ExactDecimal quantile;

    FixedPercentileAggregate(String name, int wireTag, String percent) {
        super(name, wireTag, List.of(Parameter.FIELD), name + "(latency)");
        this.quantile = ExactDecimal.parse(percent).movePointLeft(2);
    }

    @Override
    final ExactDecimal quantile(List<Argument> parameters) {
        return quantile;
    }
}
