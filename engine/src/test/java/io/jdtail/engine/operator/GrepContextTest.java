package io.jdtail.engine.operator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.plan.ContextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * grep's -B/-A/-m over one file and across files, as GNU grep shows them: each case is a file of numbered
 * lines, the selected line numbers, and the exact output ({@code file:number:text}, {@code --} for a gap).
 */
class GrepContextTest {

    /** Records what a plan would show. */
    static final class Shown implements LineEmitter {
        final List<String> out = new ArrayList<>();

        @Override
        public void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
            out.add(file + ":" + lineNumber + ":" + new String(buf, off, len, UTF_8) + (terminated ? "" : "\\no-eol"));
        }

        @Override
        public void separator(String file) {
            out.add("--");
        }

        @Override
        public void problem(String message) {
            out.add("problem " + message);
        }
    }

    /**
     * Feeds lines 1..n of file {@code f} (text {@code l1}..{@code ln}), selecting those in {@code selected},
     * until the context says stop; the shared line buffer is overwritten after every call, as a reader's is.
     *
     * @return how many lines were fed
     */
    static int feed(GrepContext ctx, int n, List<Integer> selected) {
        byte[] buf = new byte[64];
        for (int i = 1; i <= n; i++) {
            byte[] text = ("l" + i).getBytes(UTF_8);
            System.arraycopy(text, 0, buf, 3, text.length);
            boolean more = ctx.line(i, buf, 3, text.length, true, selected.contains(i));
            java.util.Arrays.fill(buf, (byte) '#');
            if (!more) {
                return i;
            }
        }
        return n;
    }

    static Stream<Arguments> oneFile() {
        return Stream.of(
                // before, after, max, lines, selected, shown
                arguments(0, 0, 0, 5, List.of(2, 4), List.of("f:2:l2", "f:4:l4")),
                arguments(1, 0, 0, 5, List.of(3), List.of("f:2:l2", "f:3:l3")),
                arguments(2, 0, 0, 5, List.of(1), List.of("f:1:l1")),
                arguments(0, 1, 0, 5, List.of(3), List.of("f:3:l3", "f:4:l4")),
                arguments(0, 2, 0, 4, List.of(4), List.of("f:4:l4")),
                // overlapping context is shown once; adjacent groups get no separator
                arguments(1, 1, 0, 9, List.of(3, 5), List.of("f:2:l2", "f:3:l3", "f:4:l4", "f:5:l5", "f:6:l6")),
                arguments(1, 1, 0, 9, List.of(2, 5), List.of("f:1:l1", "f:2:l2", "f:3:l3", "f:4:l4", "f:5:l5", "f:6:l6")),
                // a gap between groups is a separator
                arguments(1, 1, 0, 9, List.of(2, 7), List.of("f:1:l1", "f:2:l2", "f:3:l3", "--", "f:6:l6", "f:7:l7", "f:8:l8")),
                // without context, gaps are not marked
                arguments(0, 0, 0, 9, List.of(2, 7), List.of("f:2:l2", "f:7:l7")),
                // a selected line inside the after-context restarts it
                arguments(0, 2, 0, 9, List.of(2, 3), List.of("f:2:l2", "f:3:l3", "f:4:l4", "f:5:l5")),
                // before-context keeps only the last lines before the match
                arguments(3, 0, 0, 9, List.of(8), List.of("f:5:l5", "f:6:l6", "f:7:l7", "f:8:l8")),
                // -m: after max selected lines, the trailing context, then nothing
                arguments(0, 0, 2, 9, List.of(2, 4, 6), List.of("f:2:l2", "f:4:l4")),
                arguments(0, 2, 1, 9, List.of(2, 3, 6), List.of("f:2:l2", "f:3:l3", "f:4:l4")),
                arguments(1, 0, 1, 9, List.of(3, 4), List.of("f:2:l2", "f:3:l3")));
    }

    @ParameterizedTest(name = "-B{0} -A{1} -m{2}, {3} lines, selected {4}")
    @MethodSource("oneFile")
    void showsTheSelectedLinesWithTheirContext(int before, int after, int max, int lines, List<Integer> selected,
                                               List<String> expected) {
        Shown shown = new Shown();
        feed(new GrepContext(new ContextNode(before, after, max), shown, "f"), lines, selected);
        assertEquals(expected, shown.out);
    }

    @Test
    void stopsReadingOnceMaxAndItsTrailingContextAreShown() {
        assertEquals(2, feed(new GrepContext(new ContextNode(0, 0, 1), new Shown(), "f"), 9, List.of(2)));
        assertEquals(4, feed(new GrepContext(new ContextNode(0, 2, 1), new Shown(), "f"), 9, List.of(2)));
        assertEquals(9, feed(new GrepContext(new ContextNode(0, 0, 0), new Shown(), "f"), 9, List.of(2)));
    }

    @Test
    void anUnterminatedPieceOfALineDoesNotCountTowardsMaxOrContext() {
        Shown shown = new Shown();
        GrepContext ctx = new GrepContext(new ContextNode(0, 1, 1), shown, "f");
        byte[] b = "abc".getBytes(UTF_8);
        // line 1 comes in two pieces (an over-long line); only its terminated end counts
        assertEquals(true, ctx.line(1, b, 0, 2, false, true));
        assertEquals(true, ctx.line(1, b, 2, 1, true, true));
        assertEquals(true, ctx.line(2, b, 0, 1, false, false));
        assertEquals(false, ctx.line(2, b, 1, 2, true, false));
        assertEquals(List.of("f:1:ab\\no-eol", "f:1:c", "f:2:a\\no-eol", "f:2:bc"), shown.out);
    }

    @Test
    void separatorsSpanFilesOfOneRun() {
        Shown shown = new Shown();
        ContextNode node = new ContextNode(1, 0, 0);
        GrepContext.Separators separators = new GrepContext.Separators(node);
        feed(new GrepContext(node, shown, "a", separators), 3, List.of(3));
        feed(new GrepContext(node, shown, "b", separators), 3, List.of(1));
        assertEquals(List.of("a:2:l2", "a:3:l3", "--", "b:1:l1"), shown.out);
    }

    @Test
    void withoutContextFilesFollowEachOtherWithoutSeparator() {
        Shown shown = new Shown();
        GrepContext.Separators separators = new GrepContext.Separators(ContextNode.NONE);
        feed(new GrepContext(ContextNode.NONE, shown, "a", separators), 3, List.of(3));
        feed(new GrepContext(ContextNode.NONE, shown, "b", separators), 3, List.of(1));
        assertEquals(List.of("a:3:l3", "b:1:l1"), shown.out);
    }
}
