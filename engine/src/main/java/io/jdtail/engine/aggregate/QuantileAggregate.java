package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import io.jdtail.ast.NumberLiteral;
import java.util.List;
import java.util.Optional;

/** {@code quantile(field, Q)}: the value at the nearest rank of the fraction Q in [0, 1]; 0 is the minimum. */
public final class QuantileAggregate extends PercentileFamily {

    public QuantileAggregate() {
        super("quantile", 9, List.of(Parameter.FIELD, Parameter.NUMBER), "quantile(latency, 0.99)");
    }

    @Override
    public Optional<String> checkArguments(List<Argument> arguments) {
        ExactDecimal q = ExactDecimal.parse(arguments.get(1).text());
        return q.signum() >= 0 && q.compareTo(1) <= 0 ? Optional.empty()
                : Optional.of("the quantile must be in [0, 1], got " + arguments.get(1).text());
    }

    @Override
    ExactDecimal quantile(List<Argument> parameters) {
        return ExactDecimal.parse(((NumberLiteral) parameters.getFirst()).text());
    }
}
