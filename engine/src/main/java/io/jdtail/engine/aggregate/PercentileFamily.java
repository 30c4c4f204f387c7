package io.jdtail.engine.aggregate;

import io.jdtail.ast.Argument;
import io.jdtail.engine.sink.ResultTable.Cell;
import java.util.List;

/**
 * The percentile aggregates ({@code percentile}, {@code quantile}, {@code p50} ... {@code p999}):
 * one state ({@link RankedValues}) read at the nearest rank r = ⌈q·n⌉ of the n numbers (q = 0 is
 * the minimum). The rank is computed from the decimal as written, so {@code quantile(x, 0.07)} of
 * 100 values is rank 7, not the 8 that 0.07 × 100 gives in binary floating point. Non-numeric
 * values are left out (and counted as unusable, as for avg); a group without numbers shows an
 * empty cell.
 */
abstract class PercentileFamily extends DeclaredAggregate {

    PercentileFamily(String name, int wireTag, List<Parameter> parameters, String example) {
        super(name, wireTag, parameters, example, RankedValues::new, RankedValues::read);
    }

    /** The quantile q in [0, 1] a call asks for, exactly as written. */
    abstract ExactDecimal quantile(List<Argument> parameters);

    @Override
    public final Cell render(AggregateState state, List<Argument> parameters) {
        RankedValues values = (RankedValues) state;
        long n = values.values();
        if (n == 0) {
            return Cell.text("");
        }
        long rank = quantile(parameters).ceilTimes(n);
        return Render.decimal(values.valueAtRank(Math.max(1, rank)));
    }
}
