package io.jdtail.engine.execution;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.plan.FilterNode;
import io.jdtail.engine.source.LineReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A resumable selection (a range read ahead of its turn, whose lines are kept until its turn) stops where the read can be
 * taken up again, and keeps no more than its bound plus one piece: a line longer than the maximum comes in pieces, and
 * one such line can be as long as the file.
 */
class LineSelectionTest {

    private static final int MAX_LINE = 16;
    private static final String FIRST = "needle one\n";
    /** 1,200 bytes of matching pieces: 75 of {@link #MAX_LINE}. */
    private static final String LONG = "needle".repeat(200);
    private static final byte[] INPUT = (FIRST + LONG + "\nneedle two\n").getBytes(US_ASCII);

    @Test
    void aStopInsideALineInPiecesIsMadeBeforeThatLineAndNoMoreOfItIsRead() {
        List<Long> handed = new ArrayList<>();
        LineSelection selection = refusingAfter(2, handed);

        assertThatThrownBy(() -> new LineReader(MAX_LINE).readAll(new ByteArrayInputStream(INPUT), 0, selection))
                .isSameAs(LineSelection.StopReading.INSTANCE);
        assertThat(handed).as("the first line, then the long line's first piece, which was refused").containsExactly(1L, 2L);
        assertThat(selection.stoppedBefore()).as("taken up again at the long line's start").isEqualTo(FIRST.length());
        assertThat(selection.linesRead()).as("the long line is not read").isEqualTo(1);
    }

    @Test
    void aStopAtALineThatIsNotInPiecesIsMadeAfterIt() {
        List<Long> handed = new ArrayList<>();
        LineSelection selection = refusingAfter(1, handed);

        assertThatThrownBy(() -> new LineReader(MAX_LINE).readAll(new ByteArrayInputStream(INPUT), 0, selection))
                .isSameAs(LineSelection.StopReading.INSTANCE);
        assertThat(handed).containsExactly(1L);
        assertThat(selection.stoppedBefore()).isEqualTo(FIRST.length());
        assertThat(selection.linesRead()).isEqualTo(1);
    }

    /** A resumable selection of {@code needle} whose target refuses the {@code n}th line or piece it is handed. */
    private static LineSelection refusingAfter(int n, List<Long> handed) {
        LineFilter filter = LineFilter.compile(new FilterNode("needle", false));
        return LineSelection.lines(filter, (number, buf, off, len, terminated, selected) -> {
            handed.add(number);
            return handed.size() < n;
        }, true, true, true, bytes -> { }, pieces -> { }).resumable();
    }
}
