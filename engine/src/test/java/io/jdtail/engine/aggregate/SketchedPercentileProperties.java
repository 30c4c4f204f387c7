package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.ResultTable.Cell;
import io.jdtail.engine.testing.Engines;
import io.jdtail.engine.wire.PartialCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Percentiles beyond 10,000 values per group: the DDSketch answer stays within 1% of the exact
 * nearest-rank value (relative to that value) for any split of the input into partials, sent
 * through the wire codec and merged as any tree; up to 10,000 values the answer is exact.
 */
class SketchedPercentileProperties {

    /** The quantiles asked for, as written in the query, in select order after the group. */
    private static final List<String> QUANTILES = List.of("0", "0.001", "0.01", "0.25", "0.5", "0.9", "0.99", "0.999", "1");
    private static final String QUERY = "select g, " + String.join(", ",
            QUANTILES.stream().map(q -> "quantile(v, " + q + ")").toList()) + ", p999(v), percentile(v, 99.99) group by g logformat testkv";
    /** The bound the docs state: |answer - exact| <= 1% of |exact|. */
    private static final double RELATIVE_BOUND = 0.01;

    @Example
    void tenThousandValuesAreExactAndTheTenThousandAndFirstIsWithinTheBound() {
        Plan plan = Engines.plan("select g, p50(v), quantile(v, 0), p99(v) group by g logformat testkv");
        List<String> exact = scrambled(10_000);
        assertThat(texts(Engines.onePass(plan, exact))).containsExactly(List.of("a", "5000.000000", "1.000000", "9900.000000"));

        List<String> sketched = scrambled(10_001); // ranks ⌈0.5·10001⌉ = 5001, 1, ⌈0.99·10001⌉ = 9901
        List<Cell> row = Engines.onePass(plan, sketched).rows().getFirst();
        assertThat(row.get(1).number()).isCloseTo(5001, within(50.01)).isNotEqualTo(5001);
        assertThat(row.get(2).number()).isCloseTo(1, within(0.01)).isNotEqualTo(1);
        assertThat(row.get(3).number()).isCloseTo(9901, within(99.01)).isNotEqualTo(9901);
    }

    @Example
    void theLargestFiniteDoublesAreSketchedWithoutAnError() {
        List<String> lines = scrambled(10_000);
        lines.add("g=a|v=1.7976931348623157E308");
        lines.add("g=a|v=-1.79E308");
        List<Cell> row = Engines.onePass(Engines.plan("select g, quantile(v, 1), quantile(v, 0), p50(v) group by g logformat testkv"),
                lines).rows().getFirst();
        assertThat(row.get(1).number()).isCloseTo(Double.MAX_VALUE, within(0.01 * Double.MAX_VALUE));
        assertThat(row.get(2).number()).isCloseTo(-1.79E308, within(0.01 * 1.79E308));
        assertThat(row.get(3).number()).isCloseTo(5000, within(50.0));
    }

    /** v = 1 .. n in a scrambled order, all in group a. */
    private static List<String> scrambled(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("g=a|v=" + ((i * 7919L) % n + 1));
        }
        return lines;
    }

    @Property(tries = 40)
    void anySplitAndMergeTreeStaysWithinTheBoundOfTheExactAnswer(@ForAll @IntRange(min = 9_000, max = 40_000) int size,
                                                                  @ForAll @IntRange(min = 1, max = 8) int parts,
                                                                  @ForAll long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(size);
        List<List<Double>> byGroup = List.of(new ArrayList<>(), new ArrayList<>());
        int shape = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            int group = random.nextInt(8) == 0 ? 1 : 0; // group b is smaller: often exact while a is sketched
            String value = value(random, shape);
            lines.add("g=" + (char) ('a' + group) + "|v=" + value);
            if (!value.equals("n/a")) {
                byGroup.get(group).add(Double.parseDouble(value));
            }
        }
        Plan plan = Engines.plan(QUERY);
        List<Integer> cuts = new ArrayList<>(List.of(0, size));
        for (int i = 1; i < parts; i++) {
            cuts.add(random.nextInt(size + 1));
        }
        Collections.sort(cuts);
        List<PartialAggregate> partials = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            partials.add(PartialCodec.fromBytes(PartialCodec.toBytes(Engines.aggregate(plan, lines, cuts.get(i), cuts.get(i + 1)))));
        }
        ResultMerger merger = new ResultMerger(Engines.result(plan));
        merger.merge(RelayTrees.merge(partials, random));
        ResultTable table = merger.result(Engines.T0);

        for (List<Cell> row : table.rows()) {
            double[] sorted = byGroup.get(row.getFirst().text().charAt(0) - 'a').stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            List<String> asked = new ArrayList<>(QUANTILES);
            asked.addAll(List.of("0.999", "0.9999"));
            for (int c = 0; c < asked.size(); c++) {
                double exact = sorted[rank(asked.get(c), sorted.length) - 1];
                double answer = row.get(c + 1).number();
                if (sorted.length <= RankedValues.EXACT_LIMIT) {
                    assertThat(answer).as("q %s of %d values", asked.get(c), sorted.length).isEqualTo(exact);
                } else {
                    assertThat(answer).as("q %s of %d values", asked.get(c), sorted.length)
                            .isCloseTo(exact, within(RELATIVE_BOUND * Math.abs(exact)));
                }
            }
        }
    }

    /** Latencies as logs write them: skewed (log-normal, 3 decimals), with zeros and negatives, a few repeated values, or a sparse far tail. */
    private static String value(Random random, int shape) {
        if (random.nextInt(50) == 0) {
            return "n/a";
        }
        return switch (shape) {
            case 0 -> BigDecimal.valueOf(Math.exp(random.nextGaussian() * 2 + 3)).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
            case 1 -> Integer.toString(random.nextInt(2001) - 1000);
            case 2 -> Integer.toString(List.of(5, 10, 10, 20, 250, 1_000_000).get(random.nextInt(6)));
            // a sparse tail where neighbouring ranks differ by far more than 1%: one rank off misses p999 by a third
            default -> random.nextInt(200) == 0 ? BigDecimal.valueOf(Math.pow(1.5, 10 + random.nextInt(40))).setScale(1, RoundingMode.HALF_EVEN).toPlainString()
                    : Integer.toString(1 + random.nextInt(100));
        };
    }

    /** The nearest rank ⌈q·n⌉ (at least 1), computed in decimal. */
    private static int rank(String q, int n) {
        return Math.max(1, new BigDecimal(q).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).intValueExact());
    }

    private static List<List<String>> texts(ResultTable t) {
        return t.rows().stream().map(r -> r.stream().map(Cell::text).toList()).toList();
    }
}
