package io.jdtail.engine.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels find exactly what the scalar ones find, and all what a plain byte-by-byte search finds (for
 * one literal, and the first of several):
 * on random buffers over a small alphabet (many near misses), with lengths around the vector width, literals up to
 * longer than a vector, and the literal planted at the searched range's edges and across its end.
 */
class LiteralScanProperties {

    private static final int LANES = VectorLiteralScan.lanes();

    /** One search: a buffer, the range searched in it, and the literal. */
    record Case(byte[] buf, int from, int to, byte[] literal) {
        @Override
        public String toString() {
            return "Case[buf=" + new String(buf, java.nio.charset.StandardCharsets.ISO_8859_1) + ", from=" + from + ", to=" + to
                    + ", literal=" + new String(literal, java.nio.charset.StandardCharsets.ISO_8859_1) + "]";
        }
    }

    @Test
    void theEngineTestsRunWithTheVectorApiSoThePropertiesCompareBothKernels() {
        assertThat(LiteralScan.VECTOR_API).isTrue();
        assertThat(LiteralScan.of(List.of(LiteralNeedle.of(new byte[] {'x'})))).isInstanceOf(VectorLiteralScan.class);
        assertThat(LANES).isGreaterThanOrEqualTo(16);
    }

    @Property(tries = 3000)
    void bothKernelsFindEveryOccurrenceAPlainSearchFinds(@ForAll("cases") Case c) {
        LiteralNeedle needle = LiteralNeedle.of(c.literal());
        List<Integer> expected = occurrences(c, (buf, from, to) -> plainIndexOf(buf, from, to, c.literal()));
        assertThat(occurrences(c, new ScalarLiteralScan(needle)::indexIn)).isEqualTo(expected);
        assertThat(occurrences(c, VectorLiteralScan.of(needle)::indexIn)).isEqualTo(expected);
    }

    /**
     * Several literals: the case's own (planted) and more, found one after the other from after each hit; the
     * first occurrence of any of them is what a plain search for each finds first.
     */
    @Property(tries = 2000)
    void bothKernelsForSeveralLiteralsFindTheFirstOccurrenceOfAny(@ForAll("cases") Case c,
                                                                 @ForAll("moreLiterals") List<byte[]> more) {
        List<byte[]> literals = new ArrayList<>(more);
        literals.add(literals.size() / 2, c.literal());
        List<LiteralNeedle> needles = literals.stream().map(LiteralNeedle::of).toList();
        List<Integer> expected = occurrences(c, (buf, from, to) -> literals.stream()
                .mapToInt(l -> plainIndexOf(buf, from, to, l)).filter(at -> at >= 0).min().orElse(-1));
        assertThat(occurrences(c, new ScalarAnyLiteralScan(needles)::indexIn)).isEqualTo(expected);
        assertThat(occurrences(c, VectorAnyLiteralScan.of(needles)::indexIn)).isEqualTo(expected);
    }

    /**
     * A caseless literal ({@code (?i)}) in text whose letters are upper case here and there: found where a search
     * that compares ASCII letters in either case finds it, by both kernels.
     */
    @Property(tries = 2000)
    void bothKernelsFindACaselessLiteralInEitherCase(@ForAll("cases") Case c, @ForAll("upper") List<Boolean> upper) {
        byte[] text = c.buf().clone();
        for (int i = 0; i < text.length; i++) {
            if (upper.get(i % upper.size()) && text[i] >= 'a' && text[i] <= 'z') {
                text[i] -= 'a' - 'A';
            }
        }
        Case mixed = new Case(text, c.from(), c.to(), c.literal());
        List<LiteralNeedle> needle = List.of(LiteralNeedle.of(c.literal(), true));
        List<Integer> expected = occurrences(mixed, (buf, from, to) -> caselessIndexOf(buf, from, to, c.literal()));
        assertThat(occurrences(mixed, new ScalarAnyLiteralScan(needle)::indexIn)).isEqualTo(expected);
        assertThat(occurrences(mixed, VectorAnyLiteralScan.of(needle)::indexIn)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<Boolean>> upper() {
        return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(9);
    }

    private static int caselessIndexOf(byte[] buf, int from, int to, byte[] literal) {
        outer:
        for (int start = from; start + literal.length <= to; start++) {
            for (int i = 0; i < literal.length; i++) {
                if (Character.toLowerCase(buf[start + i]) != Character.toLowerCase(literal[i])) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }

    @Provide
    Arbitrary<List<byte[]>> moreLiterals() {
        return letters().array(byte[].class).ofMinSize(1).ofMaxSize(LANES + 3).list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<Byte> letters() {
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) 'p', (byte) '\n', (byte) 0xc3);
    }

    @Provide
    Arbitrary<Case> cases() {
        // 'a' and 'b' make near misses; the literal's bytes include a non-ASCII one (negative as a Java byte)
        Arbitrary<Byte> letter = letters();
        Arbitrary<byte[]> literal = letter.array(byte[].class).ofMinSize(1).ofMaxSize(LANES + 3);
        Arbitrary<Integer> length = Arbitraries.oneOf(Arbitraries.integers().between(0, 4 * LANES),
                Arbitraries.of(LANES - 1, LANES, LANES + 1, 2 * LANES - 1, 2 * LANES, 2 * LANES + 1));
        return Combinators.combine(literal, length, letter.list().ofSize(4 * LANES + 64), Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 7), Arbitraries.of(Plant.values()), Arbitraries.integers().between(-3, 3))
                .as((lit, len, noise, before, after, plant, shift) -> {
                    byte[] buf = new byte[before + len + after];
                    for (int i = 0; i < buf.length; i++) {
                        buf[i] = noise.get(i);
                    }
                    int from = before;
                    int to = before + len;
                    plant.into(buf, from, to, lit, shift);
                    return new Case(buf, from, to, lit);
                });
    }

    /** Where a copy of the literal goes before the search: at the range's start, at its end, or across it. */
    enum Plant {
        NONE, AT_START, AT_END, ACROSS_END, AT_VECTOR_EDGE;

        void into(byte[] buf, int from, int to, byte[] literal, int shift) {
            int at = switch (this) {
                case NONE -> -1;
                case AT_START -> from;
                case AT_END -> to - literal.length;
                case ACROSS_END -> to - literal.length + 1 + Math.abs(shift);
                case AT_VECTOR_EDGE -> from + LANES - literal.length + shift;
            };
            if (at >= 0 && at + literal.length <= buf.length) {
                System.arraycopy(literal, 0, buf, at, literal.length);
            }
        }
    }

    @FunctionalInterface
    interface Search {
        int indexIn(byte[] buf, int from, int to);
    }

    /** Every start of the literal in the case's range, found one after the other as a reader does. */
    private static List<Integer> occurrences(Case c, Search search) {
        List<Integer> found = new ArrayList<>();
        int from = c.from();
        while (from <= c.to()) {
            int at = search.indexIn(c.buf(), from, c.to());
            if (at < 0) {
                break;
            }
            found.add(at);
            from = at + 1;
        }
        return found;
    }

    private static int plainIndexOf(byte[] buf, int from, int to, byte[] literal) {
        outer:
        for (int start = from; start + literal.length <= to; start++) {
            for (int i = 0; i < literal.length; i++) {
                if (buf[start + i] != literal[i]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }
}
