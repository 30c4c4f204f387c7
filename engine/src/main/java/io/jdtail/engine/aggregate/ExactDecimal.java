package io.jdtail.engine.aggregate;

import java.math.BigInteger;

/**
 * A decimal number exactly as written, {@code unscaled / 10^scale}, and the exact six-decimal rendering of a double:
 * the arithmetic the percentiles and the result cells need, on {@link BigInteger}. Not {@code BigDecimal}: JDK 25's
 * {@code BigDecimal} computes 5^65536 when its class is initialised, 70-100 ms of every client command that planned
 * a query or rendered a number (docs/benchmarks.md, "Start-up").
 *
 * @param unscaled the digits, with the sign
 * @param scale    how many of them are decimals (may exceed the digits written: 0.5 moved two places left is 5 / 10^3)
 */
record ExactDecimal(BigInteger unscaled, int scale) {

    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

    ExactDecimal {
        if (scale < 0) {
            throw new IllegalArgumentException("negative scale " + scale);
        }
    }

    /** A number as the query language writes it: {@code -?DIGITS(.DIGITS)?}; anything else is a {@link NumberFormatException}. */
    static ExactDecimal parse(String text) {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String decimals = dot < 0 ? "" : text.substring(dot + 1);
        boolean negative = whole.startsWith("-");
        String wholeDigits = negative ? whole.substring(1) : whole;
        if (!digitsOnly(wholeDigits) || (dot >= 0 && !digitsOnly(decimals))) {
            throw new NumberFormatException("not a decimal number: '" + text + "'");
        }
        BigInteger digits = new BigInteger(wholeDigits + decimals);
        return new ExactDecimal(negative ? digits.negate() : digits, decimals.length());
    }

    private static boolean digitsOnly(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** This number divided by 10^places (a percent as a fraction: places = 2). */
    ExactDecimal movePointLeft(int places) {
        return new ExactDecimal(unscaled, scale + places);
    }

    int signum() {
        return unscaled.signum();
    }

    /** Compared with the whole number {@code n}: negative, zero or positive as this is less, equal or greater. */
    int compareTo(long n) {
        return unscaled.compareTo(BigInteger.valueOf(n).multiply(BigInteger.TEN.pow(scale)));
    }

    /** ⌈this · n⌉ exactly; an {@link ArithmeticException} when it is beyond a long. */
    long ceilTimes(long n) {
        BigInteger[] quotientAndRemainder = unscaled.multiply(BigInteger.valueOf(n)).divideAndRemainder(BigInteger.TEN.pow(scale));
        BigInteger quotient = quotientAndRemainder[0];
        // the quotient is rounded towards zero: up by one for a positive remainder
        return (quotientAndRemainder[1].signum() > 0 ? quotient.add(BigInteger.ONE) : quotient).longValueExact();
    }

    /**
     * The exact binary value of the finite {@code v} rounded half-even to six decimals, plain (no exponent), as
     * {@code new BigDecimal(v).setScale(6, HALF_EVEN).toPlainString()} writes it: "-0.000000" is "0.000000".
     */
    static String sixDecimals(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        long bits = Double.doubleToRawLongBits(v);
        int biasedExponent = (int) ((bits >>> 52) & 0x7ff);
        long fraction = bits & ((1L << 52) - 1);
        // |v| = significand · 2^exponent exactly (subnormals have no implicit leading one)
        long significand = biasedExponent == 0 ? fraction : fraction | (1L << 52);
        int exponent = (biasedExponent == 0 ? 1 : biasedExponent) - 1075;
        BigInteger millionths = BigInteger.valueOf(significand).multiply(MILLION);
        if (exponent >= 0) {
            millionths = millionths.shiftLeft(exponent);
        } else {
            int shift = -exponent;
            BigInteger truncated = millionths.shiftRight(shift);
            BigInteger twiceRemainder = millionths.subtract(truncated.shiftLeft(shift)).shiftLeft(1);
            int versusHalf = twiceRemainder.compareTo(BigInteger.ONE.shiftLeft(shift));
            millionths = versusHalf > 0 || (versusHalf == 0 && truncated.testBit(0)) ? truncated.add(BigInteger.ONE) : truncated;
        }
        String digits = millionths.toString();
        if (digits.length() < 7) {
            digits = "0".repeat(7 - digits.length()) + digits;
        }
        String sign = v < 0 && millionths.signum() != 0 ? "-" : "";
        return sign + digits.substring(0, digits.length() - 6) + "." + digits.substring(digits.length() - 6);
    }
}
