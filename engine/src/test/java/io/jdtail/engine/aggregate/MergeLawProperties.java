package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.ast.Aggregation;
import io.jdtail.ast.Argument;
import io.jdtail.ast.Field;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.StringLiteral;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.testing.Engines;
import io.jdtail.engine.wire.PartialCodec;
import io.jdtail.grammar.AggregateSignature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The law the distributed design rests on: partials of any split of the input, merged in any
 * order and grouping (and sent through the wire encoding), give exactly the one-pass result.
 */
class MergeLawProperties {

    /** Candidates for numeric parameters (a percent, a quantile, ...): the first one the aggregate accepts is used. */
    private static final List<String> NUMBERS = List.of("50", "99", "1", "100", "0.5", "0.99", "2", "10");

    /**
     * Every registered aggregate over the numeric-ish field {@code v}, the text field {@code t} and
     * {@code *}, plus a bare field: a new aggregate is covered without touching this test.
     */
    static final String QUERY = "select g, " + everyRegisteredAggregate() + ", t group by g logformat testkv";

    static String everyRegisteredAggregate() {
        List<String> calls = new ArrayList<>();
        for (Aggregate a : Aggregates.installed().all()) {
            for (String field : List.of("*", "v", "t")) {
                calls.add(call(a, field));
            }
        }
        return String.join(", ", calls);
    }

    private static String call(Aggregate a, String field) {
        List<Argument> arguments = new ArrayList<>();
        arguments.add(new Field(field));
        for (AggregateSignature.Parameter p : a.parameters().subList(1, a.parameters().size())) {
            arguments.add(switch (p) {
                case FIELD -> new Field("v");
                case NUMBER -> new NumberLiteral(NUMBERS.getFirst());
                case STRING -> new StringLiteral("x");
            });
        }
        // numbers the aggregate refuses are replaced by the first candidate it takes
        for (int i = 1; i < arguments.size(); i++) {
            if (arguments.get(i) instanceof NumberLiteral) {
                for (String n : NUMBERS) {
                    arguments.set(i, new NumberLiteral(n));
                    if (a.checkArguments(arguments).isEmpty()) {
                        break;
                    }
                }
            }
        }
        if (a.checkArguments(arguments).isPresent()) {
            throw new IllegalStateException("no arguments found that " + a.name() + "() accepts: " + a.checkArguments(arguments));
        }
        return new Aggregation(a.name(), arguments).text();
    }

    @Property(tries = 5)
    void theQueryCallsEveryRegisteredAggregate() {
        Plan plan = Engines.plan(QUERY);
        assertThat(Engines.aggregation(plan).kinds().stream().map(Aggregate::wireTag).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(Aggregates.installed().all().stream().map(Aggregate::wireTag).toList());
    }

    @Property(tries = 300)
    void anySplitAndOrderEqualsOnePass(@ForAll("lines") List<String> lines,
                                       @ForAll @IntRange(min = 1, max = 8) int parts,
                                       @ForAll long seed) throws IOException {
        Plan plan = Engines.plan(QUERY);
        Random random = new Random(seed);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < parts; i++) {
            cuts.add(random.nextInt(lines.size() + 1));
        }
        cuts.add(0);
        cuts.add(lines.size());
        Collections.sort(cuts);

        List<PartialAggregate> partials = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            PartialAggregate p = Engines.aggregate(plan, lines, cuts.get(i), cuts.get(i + 1));
            partials.add(PartialCodec.fromBytes(PartialCodec.toBytes(p)));
        }
        Collections.shuffle(partials, random);
        // merge as a random tree, as relays would: repeatedly merge two random partials
        while (partials.size() > 1) {
            PartialAggregate a = partials.remove(random.nextInt(partials.size()));
            PartialAggregate b = partials.remove(random.nextInt(partials.size()));
            a.merge(b);
            partials.add(a);
        }
        ResultMerger merger = new ResultMerger(Engines.result(plan));
        merger.merge(partials.getFirst());

        assertThat(merger.result(Engines.T0)).isEqualTo(Engines.onePass(plan, lines));
    }

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> group = Arbitraries.of("a", "b", "c", "d", "e");
        // decimals as logs write them (latency=31.835, bytes=110316288): their double sums depend on
        // the order of addition, so only an exact sum makes every split agree with one pass
        Arbitrary<String> decimal = Combinators.combine(Arbitraries.longs().between(-9_999_999_999L, 9_999_999_999L),
                        Arbitraries.integers().between(0, 6))
                .as((digits, scale) -> new java.math.BigDecimal(java.math.BigInteger.valueOf(digits), scale).toPlainString());
        Arbitrary<String> value = Arbitraries.oneOf(
                decimal,
                Arbitraries.integers().between(-1000, 1000).map(i -> Integer.toString(i)),
                Arbitraries.of("n/a", "", "-", "1e3x", "1e999"));
        Arbitrary<String> text = Arbitraries.strings().withChars("abcxyz0123").ofMaxLength(6);
        Arbitrary<String> line = Combinators.combine(group, value, text, Arbitraries.integers().between(0, 3))
                .as((g, v, t, shape) -> switch (shape) {
                    case 0 -> "g=" + g + "|t=" + t;
                    case 1 -> "g=" + g + "|v=" + v;
                    case 2 -> "broken line";
                    default -> "g=" + g + "|v=" + v + "|t=" + t;
                });
        return line.list().ofMaxSize(200);
    }
}
