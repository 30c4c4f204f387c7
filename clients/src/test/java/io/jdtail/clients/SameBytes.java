package io.jdtail.clients;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;

/** Byte-identity assertion that reports the first difference instead of dumping megabytes. */
final class SameBytes {

    private SameBytes() {
    }

    static void assertSameBytes(String what, byte[] actual, byte[] expected) {
        int diff = Arrays.mismatch(actual, expected);
        if (diff < 0) {
            return;
        }
        fail("%s: output differs from the expected bytes at offset %d (actual length %d, expected %d)%n"
                + "  expected around it: %s%n  actual around it:   %s",
                what, diff, actual.length, expected.length, around(expected, diff), around(actual, diff));
    }

    static String around(byte[] b, int at) {
        int from = Math.max(0, at - 40);
        int to = Math.min(b.length, at + 40);
        if (from >= to) {
            return "<end of data>";
        }
        StringBuilder s = new StringBuilder();
        for (byte x : Arrays.copyOfRange(b, from, to)) {
            int c = x & 0xff;
            if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                s.append(String.format("\\x%02x", c));
            } else {
                s.append((char) c);
            }
        }
        return "[" + from + ".." + to + ") \"" + s + "\"";
    }
}
