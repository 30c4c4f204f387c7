package io.jdtail.engine.operator;

/**
 * Finds a literal in bytes: the scan kernel under grep's prefilter, the innermost loop of a selective grep. Two
 * kernels find exactly the same: {@link VectorLiteralScan} with the JDK's Vector API (a whole vector register of
 * positions per step) when the {@code jdk.incubator.vector} module is there (the launchers add it), else
 * {@link ScalarLiteralScan}, eight bytes at a time in a {@code long}.
 */
sealed interface LiteralScan permits ScalarLiteralScan, VectorLiteralScan {

    /** Whether this JVM has the Vector API: only then is {@link VectorLiteralScan} loaded at all. */
    boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** The fastest kernel this JVM has for {@code needle}. */
    static LiteralScan of(LiteralNeedle needle) {
        return VECTOR_API ? VectorLiteralScan.of(needle) : new ScalarLiteralScan(needle);
    }

    /** Start of the first occurrence of the literal in {@code buf[from, to)}, or -1. */
    int indexIn(byte[] buf, int from, int to);
}
