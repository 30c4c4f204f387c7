package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import io.jdtail.ast.NumberLiteral;
import java.util.List;
import java.util.Optional;

/** {@code percentile(field, P)}: the value at the nearest rank of P percent, P in (0, 100]. */
public final class PercentileAggregate extends PercentileFamily {

    public PercentileAggregate() {
        super("percentile", 8, List.of(Parameter.FIELD, Parameter.NUMBER), "percentile(latency, 99)");
    }

    @Override
    public Optional<String> checkArguments(List<Argument> arguments) {
        ExactDecimal percent = ExactDecimal.parse(arguments.get(1).text());
        return percent.signum() > 0 && percent.compareTo(100) <= 0 ? Optional.empty()
                : Optional.of("the percent must be in (0, 100], got " + arguments.get(1).text());
    }

    @Override
    ExactDecimal quantile(List<Argument> parameters) {
        return ExactDecimal.parse(((NumberLiteral) parameters.getFirst()).text()).movePointLeft(2);
    }
}
