package io.jdtail.grammar;

import io.jdtail.ast.Aggregation;
import io.jdtail.ast.Assignment;
import io.jdtail.ast.BareField;
import io.jdtail.ast.ComparisonOperator;
import io.jdtail.ast.Condition;
import io.jdtail.ast.Expression;
import io.jdtail.ast.Field;
import io.jdtail.ast.FunctionCall;
import io.jdtail.ast.Interval;
import io.jdtail.ast.Keywords;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.Operand;
import io.jdtail.ast.Ordering;
import io.jdtail.ast.Outfile;
import io.jdtail.ast.Query;
import io.jdtail.ast.ScalarFunction;
import io.jdtail.ast.SelectItem;
import io.jdtail.ast.StringLiteral;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random valid query ASTs, covering every clause and the awkward corners of names and literals. */
final class QueryArbitraries {

    /** What the lexer reads as one bare outfile path (see QueryLanguageLexer.g4, OUTFILE_MODE). */
    private static final Pattern BARE_PATH = Pattern.compile("[^ \t\r\n\f\"`;]+(;+[^ \t\r\n\f\"`;]+)*");

    private static final int MAX_SELECT_ITEMS = 4;

    private QueryArbitraries() {
    }

    /** Plain identifiers, sometimes a keyword or an aggregation name in any case. */
    static Arbitrary<String> identifiers() {
        Arbitrary<String> plain = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars('_').ofLength(1),
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                                .withChars("_.-").ofMaxLength(8))
                .as(String::concat);
        // every keyword in three spellings, each as likely; one list rather than a flatMap, whose per-value
        // arbitrary jqwik builds (with its edge cases) for every try
        Arbitrary<String> reserved = Arbitraries.of(Keywords.all().stream()
                .flatMap(k -> java.util.stream.Stream.of(
                        k, k.toUpperCase(), Character.toUpperCase(k.charAt(0)) + k.substring(1)))
                .toList());
        Arbitrary<String> functions = Arbitraries.of("count", "sum", "avg", "md5sum", "maskdigits", "COUNT", "e", "ms");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, plain), net.jqwik.api.Tuple.of(2, reserved), net.jqwik.api.Tuple.of(1, functions));
    }

    /** Any text: quotes, backticks, escapes, line breaks, non-ASCII and astral characters. */
    static Arbitrary<String> anyText() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars("`\"\\\n\r\t $(),=<>!*;#'")
                .withCharRange('a', 'c')
                .withCharRange('\u00e0', '\u00e9')
                .withCharRange('\u4e00', '\u4e05')
                .ofMaxLength(12);
        Arbitrary<String> astral = Arbitraries.of("\uD83D\uDE00", "\uD834\uDD1E", "x\uD83D\uDE00y");
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(8);
        return Arbitraries.oneOf(tricky, astral, any, identifiers());
    }

    static Arbitrary<Field> fields() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, identifiers().map(Field::new)),
                net.jqwik.api.Tuple.of(4, variables()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Field.STAR)),
                net.jqwik.api.Tuple.of(2, anyText().filter(s -> !s.isEmpty()).map(Field::new)));
    }

    static Arbitrary<Field> variables() {
        return Arbitraries.oneOf(
                identifiers().map(s -> new Field("$" + s)),
                anyText().map(s -> new Field("$" + s)));
    }

    static Arbitrary<SelectItem> selectItems() {
        // one aggregation as likely as another, as Arbitraries.of(signatures).flatMap(calls) would pick, without
        // building the calls' arbitraries again for every try
        Arbitrary<SelectItem> aggregations = Arbitraries.oneOf(
                TestAggregates.WITH_PERCENTILE.signatures().stream().map(QueryArbitraries::calls).toList());
        Arbitrary<SelectItem> bare = fields().map(BareField::new);
        return Arbitraries.oneOf(aggregations, bare);
    }

    /** Calls of one aggregation under any of its names, with arguments it accepts. */
    static Arbitrary<SelectItem> calls(AggregateSignature signature) {
        Arbitrary<String> name = Arbitraries.of(java.util.stream.Stream
                .concat(java.util.stream.Stream.of(signature.name()), signature.aliases().stream()).toList());
        List<Arbitrary<io.jdtail.ast.Argument>> arguments = signature.parameters().stream()
                .map(p -> switch (p) {
                    case FIELD -> fields().map(io.jdtail.ast.Argument.class::cast);
                    case NUMBER -> Arbitraries.integers().between(1, 100)
                            .map(i -> (io.jdtail.ast.Argument) new NumberLiteral(Integer.toString(i)));
                    case STRING -> strings().map(io.jdtail.ast.Argument.class::cast);
                })
                .toList();
        return Combinators.combine(name, Combinators.combine(arguments).as(List::copyOf))
                .as((n, args) -> (SelectItem) new Aggregation(n, args))
                .filter(call -> signature.checkArguments(((Aggregation) call).arguments()).isEmpty());
    }

    static Arbitrary<NumberLiteral> numbers() {
        return Combinators.combine(
                        Arbitraries.of("", "-"),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(6).optional())
                .as((sign, whole, fraction) -> new NumberLiteral(sign + whole + fraction.map(f -> "." + f).orElse("")));
    }

    static Arbitrary<StringLiteral> strings() {
        return anyText().map(StringLiteral::new);
    }

    static Arbitrary<Operand> operands() {
        return Arbitraries.oneOf(fields(), strings(), numbers());
    }

    static Arbitrary<Condition> conditions() {
        return Combinators.combine(operands(), Arbitraries.of(ComparisonOperator.class), operands()).as(Condition::new);
    }

    static Arbitrary<Expression> expressions() {
        Arbitrary<Expression> calls = Combinators.combine(Arbitraries.of(ScalarFunction.class), fields())
                .as(FunctionCall::new);
        return Arbitraries.oneOf(fields(), strings(), numbers(), calls);
    }

    static Arbitrary<Assignment> assignments() {
        return Combinators.combine(variables(), expressions()).as(Assignment::new);
    }

    static Arbitrary<Interval> intervals() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10_000).map(Duration::ofMillis),
                Arbitraries.longs().between(1, Interval.MAX.toSeconds()).map(Duration::ofSeconds),
                Arbitraries.longs().between(1, Interval.MAX.toMillis()).map(Duration::ofMillis))
                .map(Interval::new);
    }

    /** Outfile paths: file-system-like (mostly writable bare, see {@link #isBarePath}) or anything non-empty. */
    static Arbitrary<String> paths() {
        Arbitrary<String> pathLike = Arbitraries.strings()
                .withCharRange('a', 'e').withChars("ABZ019/._-~$;:,*()=\\\u00e9\u4e00")
                .ofMinLength(1).ofMaxLength(16);
        return Arbitraries.oneOf(pathLike, identifiers(), anyText().filter(s -> !s.isEmpty()));
    }

    /**
     * Whether {@code outfile PATH} may be written without quotes: no whitespace, quotes or
     * backticks, ';' only between other characters, and not a reserved word.
     */
    static boolean isBarePath(String path) {
        return BARE_PATH.matcher(path).matches() && !Keywords.isReserved(path);
    }

    /** Table and log format names: plain or anything non-empty. */
    static Arbitrary<String> names() {
        return Arbitraries.oneOf(identifiers(), anyText().filter(s -> !s.isEmpty()));
    }

    /**
     * Random queries. No flatMap over the select list: jqwik would build the arbitrary of every other clause,
     * with its edge cases, again for each try, which made this generator most of the grammar module's test time.
     * The order by key is drawn as an index into the select list instead.
     */
    static Arbitrary<Query> queries() {
        Arbitrary<Optional<OrderingChoice>> ordering = Combinators.combine(
                        Arbitraries.integers().between(0, OrderingChoice.SELECT_SIZES_LCM - 1), Arbitraries.of(true, false),
                        Arbitraries.of(Ordering.Direction.class).optional())
                .as(OrderingChoice::new).optional(0.4);
        Arbitrary<OptionalInt> limit = Arbitraries.oneOf(
                        Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .optional(0.4).map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty()));
        Arbitrary<Optional<Outfile>> outfile = Combinators.combine(paths(), Arbitraries.of(true, false))
                .as(Outfile::new).optional(0.3);
        Arbitrary<Query> unordered = Combinators.combine(
                        selectItems().list().ofMinSize(1).ofMaxSize(MAX_SELECT_ITEMS),
                        names().optional(0.5),
                        conditions().list().ofMaxSize(3),
                        fields().list().ofMaxSize(3),
                        assignments().list().ofMaxSize(3),
                        intervals().optional(0.4),
                        limit,
                        outfile)
                .as((select, table, where, groupBy, set, interval, lim, out) -> new Query(select, table, where, groupBy,
                        Optional.empty(), set, interval, lim, out, Optional.empty()));
        return Combinators.combine(unordered, ordering, names().optional(0.3)).as((q, order, logFormat) -> new Query(
                q.select(), q.table(), q.where(), q.groupBy(), order.map(o -> o.of(q.select())), q.assignments(),
                q.interval(), q.limit(), q.outfile(), logFormat));
    }

    /** An order by clause whose key is the select item at {@code index} modulo the select list's size. */
    private record OrderingChoice(int index, boolean reverseKeyword, Optional<Ordering.Direction> direction) {

        /** 12 = lcm(1, 2, 3, 4): an index below it picks every item of a 1 to 4 item select list as often. */
        static final int SELECT_SIZES_LCM = 12;

        Ordering of(List<SelectItem> select) {
            return new Ordering(select.get(index % select.size()), reverseKeyword, direction);
        }
    }
}
