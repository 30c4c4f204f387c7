package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** {@link ExactDecimal} against {@code BigDecimal}, the arithmetic it stands in for, as the oracle. */
class ExactDecimalProperties {

    @Property(tries = 500)
    void sixDecimalsIsBigDecimalsHalfEvenRendering(@ForAll("finiteDoubles") double v) {
        assertThat(ExactDecimal.sixDecimals(v)).isEqualTo(new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
    }

    @Example
    void sixDecimalsAtTheEdges() {
        // exact ties at the seventh decimal (2^-7 = 0.0078125) go to the even neighbour, either way
        assertThat(ExactDecimal.sixDecimals(0.0078125)).isEqualTo("0.007812");
        assertThat(ExactDecimal.sixDecimals(0.0234375)).isEqualTo("0.023438");
        assertThat(ExactDecimal.sixDecimals(-0.0078125)).isEqualTo("-0.007812");
        assertThat(ExactDecimal.sixDecimals(-1e-9)).isEqualTo("0.000000");
        assertThat(ExactDecimal.sixDecimals(-0.0)).isEqualTo("0.000000");
        for (double v : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e15 + 0.3, 0.1}) {
            assertThat(ExactDecimal.sixDecimals(v)).isEqualTo(new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        }
        assertThatThrownBy(() -> ExactDecimal.sixDecimals(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Any double by its bits (subnormals, huge and tiny exponents), and everyday values with few decimals. */
    @Provide
    Arbitrary<Double> finiteDoubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<Double> everyday = Arbitraries.doubles().between(-1e9, 1e9).ofScale(8);
        return Arbitraries.oneOf(anyBits, everyday);
    }

    @Property(tries = 300)
    void ceilTimesIsBigDecimalsCeiling(@ForAll("numberTexts") String text, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 1_000_000) long n) {
        BigDecimal oracle = new BigDecimal(text).movePointLeft(2).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING);
        ExactDecimal decimal = ExactDecimal.parse(text).movePointLeft(2);
        if (oracle.toBigIntegerExact().bitLength() < 64) {
            assertThat(decimal.ceilTimes(n)).isEqualTo(oracle.longValueExact());
        } else {
            assertThatThrownBy(() -> decimal.ceilTimes(n)).isInstanceOf(ArithmeticException.class);
        }
    }

    @Property(tries = 300)
    void signAndComparisonAreBigDecimals(@ForAll("numberTexts") String text, @ForAll @LongRange(min = -200, max = 200) long whole) {
        ExactDecimal decimal = ExactDecimal.parse(text);
        BigDecimal oracle = new BigDecimal(text);
        assertThat(decimal.signum()).isEqualTo(oracle.signum());
        assertThat(Integer.signum(decimal.compareTo(whole))).isEqualTo(oracle.compareTo(BigDecimal.valueOf(whole)));
    }

    /** Numbers as the query language's lexer takes them: -?DIGITS(.DIGITS)?, leading and trailing zeros included. */
    @Provide
    Arbitrary<String> numberTexts() {
        Arbitrary<String> whole = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> decimals = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(6);
        return Combinators.combine(Arbitraries.of("", "-"), whole, decimals)
                .as((sign, w, d) -> sign + w + (d.isEmpty() ? "" : "." + d));
    }

    @Example
    void parseTakesOnlyTheLanguagesNumbers() {
        assertThat(ExactDecimal.parse("99.9")).isEqualTo(new ExactDecimal(java.math.BigInteger.valueOf(999), 1));
        assertThat(ExactDecimal.parse("-0.50")).isEqualTo(new ExactDecimal(java.math.BigInteger.valueOf(-50), 2));
        for (String bad : new String[] {"", "-", "1.", ".5", "1e2", "+1", "1.2.3", "--1", "0x10", " 1"}) {
            assertThatThrownBy(() -> ExactDecimal.parse(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
    }
}
