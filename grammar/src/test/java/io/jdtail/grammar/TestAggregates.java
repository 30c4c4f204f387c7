package io.jdtail.grammar;

import io.jdtail.ast.Argument;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.grammar.AggregateSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aggregate catalogs for parser tests. The grammar knows no aggregation itself (they are engine
 * plug-ins), so its tests describe the ones DTail has, and one with a numeric argument for the
 * argument checks.
 */
final class TestAggregates implements AggregateCatalog {

    record Signature(String name, List<String> aliases, List<Parameter> parameters, String example)
            implements AggregateSignature {

        static Signature ofField(String name, String example) {
            return new Signature(name, List.of(), List.of(Parameter.FIELD), example);
        }
    }

    /** {@code percentile(field, P)} with P in (0, 100], as the next issues add it. */
    record Percentile() implements AggregateSignature {
        @Override
        public String name() {
            return "percentile";
        }

        @Override
        public List<String> aliases() {
            return List.of("pct");
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.FIELD, Parameter.NUMBER);
        }

        @Override
        public String example() {
            return "percentile(latency, 99)";
        }

        @Override
        public Optional<String> checkArguments(List<Argument> arguments) {
            double percent = ((NumberLiteral) arguments.get(1)).value();
            return percent > 0 && percent <= 100 ? Optional.empty()
                    : Optional.of("the percent must be in (0, 100], got " + arguments.get(1).text());
        }
    }

    /** DTail's aggregations, in the order the engine lists them. */
    static final TestAggregates DTAIL = new TestAggregates(List.of(
            Signature.ofField("count", "count(*) or count($line)"),
            Signature.ofField("sum", "sum($goroutines)"),
            Signature.ofField("min", "min($goroutines)"),
            Signature.ofField("max", "max($goroutines)"),
            Signature.ofField("avg", "avg($goroutines)"),
            Signature.ofField("last", "last($time)"),
            Signature.ofField("len", "len($time)")));

    /** DTail's and {@code percentile(field, P)}. */
    static final TestAggregates WITH_PERCENTILE = new TestAggregates(
            java.util.stream.Stream.concat(DTAIL.signatures.stream(), java.util.stream.Stream.of(new Percentile())).toList());

    private final List<AggregateSignature> signatures;
    private final Map<String, AggregateSignature> byName = new LinkedHashMap<>();

    private TestAggregates(List<AggregateSignature> signatures) {
        this.signatures = List.copyOf(signatures);
        for (AggregateSignature s : signatures) {
            byName.put(s.name(), s);
            s.aliases().forEach(a -> byName.put(a, s));
        }
    }

    List<AggregateSignature> signatures() {
        return signatures;
    }

    @Override
    public Optional<AggregateSignature> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<String> names() {
        return signatures.stream().map(AggregateSignature::name).toList();
    }
}
