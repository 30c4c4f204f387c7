package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import io.jdtail.ast.NumberLiteral;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** {@code percentile(field, P)}: the value at the nearest rank of P percent, P in (0, 100]. */
public final class PercentileAggregate extends PercentileFamily {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public PercentileAggregate() {
        super("percentile", 8, List.of(Parameter.FIELD, Parameter.NUMBER), "percentile(latency, 99)");
    }

    @Override
    public Optional<String> checkArguments(List<Argument> arguments) {
        BigDecimal percent = new BigDecimal(arguments.get(1).text());
        return percent.signum() > 0 && percent.compareTo(HUNDRED) <= 0 ? Optional.empty()
                : Optional.of("the percent must be in (0, 100], got " + arguments.get(1).text());
    }

    @Override
    BigDecimal quantile(List<Argument> parameters) {
        return new BigDecimal(((NumberLiteral) parameters.getFirst()).text()).movePointLeft(2);
    }
}
