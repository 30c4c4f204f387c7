package io.jdtail.engine.row;

import java.nio.charset.StandardCharsets;

/** Number parsing straight from line bytes: the common decimal forms without allocation. */
public final class Numbers {

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    private Numbers() {
    }

    /**
     * Parses {@code [-+]digits[.digits]}, falling back to the JDK for exponents and for more than 15
     * significant digits (beyond which mantissa / 10^k would not be correctly rounded); NaN if not a number.
     */
    public static double parse(byte[] b, int off, int len) {
        if (len <= 0) {
            return Double.NaN;
        }
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean dot = false;
        for (; i < end; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (digits >= 15) {
                    return slow(b, off, len);
                }
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0 || dot) {
                    digits++;
                }
                if (dot) {
                    fractionDigits++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return slow(b, off, len);
            }
        }
        int firstDigit = (b[off] == '-' || b[off] == '+') ? off + 1 : off;
        if (end == firstDigit || (dot && end - firstDigit == 1)) {
            return Double.NaN;
        }
        double v = fractionDigits == 0 ? mantissa : mantissa / POW10[fractionDigits];
        return negative ? -v : v;
    }

    public static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    private static double slow(byte[] b, int off, int len) {
        // Refuse text like "-" or "n/a" before making a String: such values are common in numeric
        // fields (latency=-) and must not cost an allocation per row.
        if (!looksNumeric(b, off, len)) {
            return Double.NaN;
        }
        String s = new String(b, off, len, StandardCharsets.ISO_8859_1).trim();
        if (s.isEmpty() || !looksNumeric(s)) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Refuses the JDK's extras (hex floats, "NaN", "Infinity", trailing 'd'/'f'). */
    private static boolean looksNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!numericChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The same test on bytes, allowing the surrounding spaces and controls that {@link String#trim} removes. */
    private static boolean looksNumeric(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        while (start < end && (b[start] & 0xff) <= ' ') {
            start++;
        }
        while (end > start && (b[end - 1] & 0xff) <= ' ') {
            end--;
        }
        for (int i = start; i < end; i++) {
            if (!numericChar((char) (b[i] & 0xff))) {
                return false;
            }
        }
        return true;
    }

    private static boolean numericChar(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }
}
