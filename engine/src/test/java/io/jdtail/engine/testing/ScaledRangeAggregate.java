package io.jdtail.engine.testing;

import io.jdtail.ast.Argument;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.engine.aggregate.Aggregate;
import io.jdtail.engine.aggregate.AggregateState;
import io.jdtail.engine.aggregate.KindedState;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * {@code scaled_range(field, factor)}: (largest - smallest numeric value) times a positive factor.
 * A plug-in written from outside the engine's aggregate package, as a jar of one's own would be,
 * and registered only in the engine tests' services file: it shows that an aggregate with an
 * argument is one class, and that the merge-law and allocation tests cover it without naming it.
 * The factor is applied when rendering, so the state is the same for every factor.
 */
public final class ScaledRangeAggregate implements Aggregate {

    @Override
    public String name() {
        return "scaled_range";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.FIELD, Parameter.NUMBER);
    }

    @Override
    public String example() {
        return "scaled_range(latency, 0.001)";
    }

    @Override
    public Optional<String> checkArguments(List<Argument> arguments) {
        return ((NumberLiteral) arguments.get(1)).value() > 0 ? Optional.empty()
                : Optional.of("the factor must be positive, got " + arguments.get(1).text());
    }

    @Override
    public int wireTag() {
        return 200;
    }

    @Override
    public AggregateState newState() {
        return new Range(this);
    }

    @Override
    public AggregateState read(DataInput in) throws IOException {
        Range r = new Range(this);
        r.values = in.readLong();
        r.low = in.readDouble();
        r.high = in.readDouble();
        return r;
    }

    @Override
    public Cell render(AggregateState state, List<Argument> parameters) {
        Range r = (Range) state;
        if (r.values == 0) {
            return Cell.text("");
        }
        double scaled = (r.high - r.low) * ((NumberLiteral) parameters.getFirst()).value();
        return new Cell(BigDecimal.valueOf(scaled).setScale(6, RoundingMode.HALF_EVEN).toPlainString(), scaled);
    }

    /** How many numbers were seen and the smallest and largest of them. */
    private static final class Range extends KindedState {

        private long values;
        private double low = Double.POSITIVE_INFINITY;
        private double high = Double.NEGATIVE_INFINITY;

        Range(Aggregate kind) {
            super(kind);
        }

        @Override
        public boolean accumulate(Row row, int slot) {
            if (row.has(slot)) {
                double v = row.number(slot);
                if (!Double.isFinite(v)) {
                    return false;
                }
                values++;
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
            return true;
        }

        @Override
        public void merge(AggregateState other) {
            Range o = (Range) other;
            values += o.values;
            low = Math.min(low, o.low);
            high = Math.max(high, o.high);
        }

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeLong(values);
            out.writeDouble(low);
            out.writeDouble(high);
        }

        @Override
        public Cell render() {
            throw new UnsupportedOperationException("scaled_range renders through its aggregate, which knows the factor");
        }
    }
}
