package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import java.math.BigDecimal;
import java.util.List;

/** A shorthand for one percentile, {@code p99(latency)} = {@code percentile(latency, 99)}. */
abstract class FixedPercentileAggregate extends PercentileFamily {

    private final BigDecimal quantile;

    FixedPercentileAggregate(String name, int wireTag, String percent) {
        super(name, wireTag, List.of(Parameter.FIELD), name + "(latency)");
        this.quantile = new BigDecimal(percent).movePointLeft(2);
    }

    @Override
    final BigDecimal quantile(List<Argument> parameters) {
        return quantile;
    }
}
