package io.jdtail.engine.operator;

import static io.jdtail.ast.ComparisonOperator.CONTAINS;
import static io.jdtail.ast.ComparisonOperator.EQ;
import static io.jdtail.ast.ComparisonOperator.EQ_NUM;
import static io.jdtail.ast.ComparisonOperator.GE;
import static io.jdtail.ast.ComparisonOperator.GT;
import static io.jdtail.ast.ComparisonOperator.HASPREFIX;
import static io.jdtail.ast.ComparisonOperator.HASSUFFIX;
import static io.jdtail.ast.ComparisonOperator.LE;
import static io.jdtail.ast.ComparisonOperator.LT;
import static io.jdtail.ast.ComparisonOperator.NCONTAINS;
import static io.jdtail.ast.ComparisonOperator.NE;
import static io.jdtail.ast.ComparisonOperator.NE_NUM;
import static io.jdtail.ast.ComparisonOperator.NHASPREFIX;
import static io.jdtail.ast.ComparisonOperator.NHASSUFFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.jdtail.ast.ComparisonOperator;
import io.jdtail.ast.Condition;
import io.jdtail.ast.Field;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.Operand;
import io.jdtail.ast.StringLiteral;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** where-conditions on one row: every operator, missing fields, non-numeric values, literals on either side. */
class RowPredicateTest {

    private static final RowLayout LAYOUT = new RowLayout(List.of("status", "path", "$hostname"));
    private static final Field STATUS = new Field("status");
    private static final Field PATH = new Field("path");
    private static final Field HOST = new Field("$hostname");

    private static Row row(Map<String, String> values) {
        Row row = new Row(LAYOUT);
        values.forEach((k, v) -> row.setText(LAYOUT.slotOf(k), v));
        return row;
    }

    private static boolean test(Operand left, ComparisonOperator op, Operand right, Map<String, String> values) {
        return RowPredicate.compile(new Condition(left, op, right), LAYOUT).test(row(values));
    }

    private static NumberLiteral num(String text) {
        return new NumberLiteral(text);
    }

    private static StringLiteral str(String value) {
        return new StringLiteral(value);
    }

    static Stream<Arguments> table() {
        Map<String, String> ok = Map.of("status", "200", "path", "/api/users", "$hostname", "web01");
        Map<String, String> decimal = Map.of("status", "200.0", "path", "200");
        Map<String, String> text = Map.of("status", "abc", "path", "abc");
        Map<String, String> none = Map.of();
        return Stream.of(
                // numeric comparisons
                arguments(STATUS, EQ_NUM, num("200"), ok, true),
                arguments(STATUS, EQ_NUM, num("200"), decimal, true),
                arguments(STATUS, NE_NUM, num("200"), ok, false),
                arguments(STATUS, NE_NUM, num("404"), ok, true),
                arguments(STATUS, LT, num("300"), ok, true),
                arguments(STATUS, LT, num("200"), ok, false),
                arguments(STATUS, LE, num("200"), ok, true),
                arguments(STATUS, GT, num("199.5"), ok, true),
                arguments(STATUS, GT, num("200"), ok, false),
                arguments(STATUS, GE, num("200"), ok, true),
                arguments(STATUS, GE, num("-1"), ok, true),
                arguments(num("100"), LT, STATUS, ok, true),
                arguments(STATUS, EQ_NUM, PATH, decimal, true),
                arguments(STATUS, LT, str("300"), ok, true),
                // a non-numeric or missing side is false, whatever the operator, even !=
                arguments(STATUS, EQ_NUM, num("200"), text, false),
                arguments(STATUS, NE_NUM, num("200"), text, false),
                arguments(STATUS, LT, num("300"), none, false),
                arguments(STATUS, NE_NUM, num("1"), none, false),
                arguments(STATUS, LT, str("many"), ok, false),
                // text comparisons
                arguments(STATUS, EQ, str("200"), ok, true),
                arguments(STATUS, EQ, str("200"), decimal, false),
                arguments(STATUS, EQ, num("200"), ok, true),
                arguments(STATUS, NE, str("200"), decimal, true),
                arguments(PATH, CONTAINS, str("/users"), ok, true),
                arguments(PATH, CONTAINS, str("/admin"), ok, false),
                arguments(PATH, NCONTAINS, str("/admin"), ok, true),
                arguments(PATH, HASPREFIX, str("/api/"), ok, true),
                arguments(PATH, HASPREFIX, str("api"), ok, false),
                arguments(PATH, NHASPREFIX, str("api"), ok, true),
                arguments(PATH, HASSUFFIX, str("users"), ok, true),
                arguments(PATH, NHASSUFFIX, str("users"), ok, false),
                arguments(HOST, EQ, str("web01"), ok, true),
                arguments(str("web01"), EQ, HOST, ok, true),
                arguments(PATH, EQ, STATUS, decimal, false),
                arguments(PATH, NE, STATUS, decimal, true),
                // a missing field makes every text comparison false, negated ones too
                arguments(PATH, EQ, str("x"), none, false),
                arguments(PATH, NE, str("x"), none, false),
                arguments(PATH, NCONTAINS, str("x"), none, false),
                arguments(PATH, NHASPREFIX, str("x"), none, false),
                arguments(PATH, NHASSUFFIX, str("x"), none, false),
                arguments(PATH, CONTAINS, str(""), text, true));
    }

    @ParameterizedTest(name = "{0} {1} {2} on {3} -> {4}")
    @MethodSource("table")
    void decides(Operand left, ComparisonOperator op, Operand right, Map<String, String> values, boolean expected) {
        assertEquals(expected, test(left, op, right, values));
    }

    @Test
    void readsTellsWhetherAConditionDependsOnGivenSlots() {
        Condition c = new Condition(PATH, CONTAINS, str("x"));
        assertTrue(RowPredicate.reads(c, LAYOUT, Set.of(LAYOUT.slotOf("path"))));
        assertFalse(RowPredicate.reads(c, LAYOUT, Set.of(LAYOUT.slotOf("status"))));
        assertTrue(RowPredicate.reads(new Condition(num("1"), LT, STATUS), LAYOUT, Set.of(LAYOUT.slotOf("status"))));
        assertFalse(RowPredicate.reads(new Condition(num("1"), LT, num("2")), LAYOUT, Set.of(0, 1, 2)));
    }

    // ---- laws ---------------------------------------------------------------------------

    private static final List<List<ComparisonOperator>> TEXT_COMPLEMENTS = List.of(List.of(EQ, NE),
            List.of(CONTAINS, NCONTAINS), List.of(HASPREFIX, NHASPREFIX), List.of(HASSUFFIX, NHASSUFFIX));

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab/.1").ofMaxLength(5);
    }

    @Property(tries = 300)
    void aNegatedTextOperatorIsTheComplementWhenTheFieldIsThere(@ForAll("texts") String value,
                                                                 @ForAll("texts") String literal) {
        for (List<ComparisonOperator> pair : TEXT_COMPLEMENTS) {
            boolean positive = test(PATH, pair.get(0), str(literal), Map.of("path", value));
            boolean negative = test(PATH, pair.get(1), str(literal), Map.of("path", value));
            assertTrue(positive != negative, pair + " on \"" + value + "\", \"" + literal + "\"");
        }
    }

    @Property(tries = 300)
    void numericOperatorsOrderNumbersAsMathDoes(@ForAll("numbers") String a, @ForAll("numbers") String b) {
        double x = Double.parseDouble(a);
        double y = Double.parseDouble(b);
        Map<String, String> values = Map.of("status", a);
        assertEquals(x == y, test(STATUS, EQ_NUM, num(b), values));
        assertEquals(x != y, test(STATUS, NE_NUM, num(b), values));
        assertEquals(x < y, test(STATUS, LT, num(b), values));
        assertEquals(x <= y, test(STATUS, LE, num(b), values));
        assertEquals(x > y, test(STATUS, GT, num(b), values));
        assertEquals(x >= y, test(STATUS, GE, num(b), values));
        assertEquals(test(STATUS, LT, num(b), values), test(num(b), GT, STATUS, values), "swapping sides");
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-1000, 1000).map(String::valueOf),
                Arbitraries.integers().between(-1000, 1000).flatMap(i -> Arbitraries.integers().between(0, 99)
                        .map(f -> i + "." + f)));
    }
}
