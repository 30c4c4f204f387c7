package io.jdtail.engine.operator;

import java.util.List;

/**
 * Finds a literal, or the first of several, in bytes: the scan kernel under grep's prefilter, the innermost loop of
 * a selective grep. Two kernels of each kind find exactly the same: {@link VectorLiteralScan} and
 * {@link VectorAnyLiteralScan} with the JDK's Vector API (a whole vector register of positions per step) when the
 * {@code jdk.incubator.vector} module is there (dserver's launcher adds it), else {@link ScalarLiteralScan} and
 * {@link ScalarAnyLiteralScan}, eight bytes at a time in a {@code long}.
 */
sealed interface LiteralScan permits ScalarLiteralScan, VectorLiteralScan, ScalarAnyLiteralScan, VectorAnyLiteralScan {

    /** Whether this JVM has the Vector API: only then are the vector kernels loaded at all. */
    boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * The fastest kernel this JVM has for the first of {@code needles} (at least one): a caseless one goes to the
     * kernels for several, which fold the case of the bytes they test.
     */
    static LiteralScan of(List<LiteralNeedle> needles) {
        if (needles.size() == 1 && !needles.getFirst().caseless()) {
            return VECTOR_API ? VectorLiteralScan.of(needles.getFirst()) : new ScalarLiteralScan(needles.getFirst());
        }
        return VECTOR_API ? VectorAnyLiteralScan.of(needles) : new ScalarAnyLiteralScan(needles);
    }

    /** Start of the first occurrence of the literal (of any of the literals) in {@code buf[from, to)}, or -1. */
    int indexIn(byte[] buf, int from, int to);
}
