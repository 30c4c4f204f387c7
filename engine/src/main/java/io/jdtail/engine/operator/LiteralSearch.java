package io.jdtail.engine.operator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds a literal, or the first of several, in line bytes with the fastest {@link LiteralScan} this JVM has: the Vector API's when the
 * {@code jdk.incubator.vector} module is there, else eight bytes at a time; both look for the literal's two rarest
 * bytes (by the frequency of bytes in log text) before comparing it whole.
 */
final class LiteralSearch {

    private final LiteralScan scan;

    LiteralSearch(List<RequiredLiteral> literals) {
        this.scan = LiteralScan.of(literals.stream()
                .map(l -> LiteralNeedle.of(l.literal().getBytes(StandardCharsets.UTF_8), l.caseless())).toList());
    }

    /** True when {@code buf[off, off+len)} contains the literal (one of them). */
    boolean containedIn(byte[] buf, int off, int len) {
        return indexIn(buf, off, off + len) >= 0;
    }

    /** Start of the first occurrence of the literal (of any of them) in {@code buf[from, to)}, or -1. */
    int indexIn(byte[] buf, int from, int to) {
        return scan.indexIn(buf, from, to);
    }
}
