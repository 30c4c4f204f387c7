package io.jdtail.engine.execution;

import io.jdtail.engine.format.LineParser;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.operator.MapReduceOperator;
import io.jdtail.engine.source.LineHandler;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The one line-selection stage of every plan, between the line split and what the plan does with a line: the
 * format's header line, the line filter, line numbers. One selection reads one input in order (a file, a range of
 * a file, a stream, a followed path across its rotations); the reader hands it every line with its position in
 * the input, and a line at position 0 starts the input afresh (a followed path's next file, a copytruncate).
 *
 * <ul>
 *   <li>A map-reduce plan whose format reads a first line ({@code csv}, {@code auto}) gets the first line of every
 *       input as that input's first line, whether it was read from its start or followed from its end (then the
 *       source hands the first lines over first; see {@link #headLine}): csv's header is no row, auto's choice is
 *       one too, and after a blank first line auto's next line is a first line as well. The other lines go through
 *       the filter into the plan's operator.</li>
 *   <li>A cat, grep or tail plan hands every line, selected or not (grep's context needs both), numbered, to
 *       its {@link Target}; a grep without context lets the reader pass over runs of lines that cannot match
 *       ({@link LineFilter#nextCandidate}), counting them only when numbers are shown.</li>
 * </ul>
 *
 * A line longer than the maximum line length comes in pieces ({@link LineHandler#piece}, then its last piece as
 * the line): a cat or grep hands each piece on as a line of its own, which matches {@code ^} only when it starts its
 * line and {@code $} only when it ends it; a map-reduce plan takes the first piece as the line's one row. Each such
 * line is told to {@code splitLines} with its number of pieces, so that the run can say how many there were
 * ({@link SplitLines}).
 *
 * <p>Per line this costs the filter (when there is one) and one direct call to the operator or one call to the
 * target; it allocates nothing.
 */
final class LineSelection implements LineHandler {

    /** Where a line goes, selected or not; false stops the read after it. */
    @FunctionalInterface
    interface Target {
        boolean line(long number, byte[] buf, int off, int len, boolean terminated, boolean selected);
    }

    private final LineFilter filter;
    private final Target target;
    private final Aggregating aggregating;
    private final boolean prefilter;
    private final boolean countSkipped;
    /** Grep and follow plans show every line ended (as GNU grep does); cat reproduces missing newlines. */
    private final boolean endEveryLine;
    private final LongConsumer atBufferEnd;
    private final LongConsumer splitLines;
    private long ordinalBase;
    private long number = 1;
    private long consumed;
    private long stoppedBefore = -1;
    private boolean resumable;
    private boolean stopping;
    /**
     * The line that settled how this input is read (csv's header, the line {@code auto} chose the format by),
     * installed into the shared operator again before its lines when lines of another input came in between;
     * null while none has (formats that read a first line only).
     */
    private byte[] header;
    /** The input's first line (or, after blank ones, its first non-blank line) is still to come. */
    private boolean deciding;
    /** Pieces handed over so far of a line longer than the maximum that goes on (0 between lines). */
    private long piecesOfLine;
    /** Where the line longer than the maximum whose pieces are being handed over starts. */
    private long piecedLineStart;

    private LineSelection(LineFilter filter, Target target, Aggregating aggregating, boolean prefilter,
                          boolean countSkipped, boolean endEveryLine, LongConsumer atBufferEnd, LongConsumer splitLines) {
        this.filter = filter;
        this.target = target;
        this.aggregating = aggregating;
        this.prefilter = prefilter && filter != null && filter.prefilters();
        this.countSkipped = countSkipped;
        this.endEveryLine = endEveryLine;
        this.atBufferEnd = atBufferEnd;
        this.splitLines = splitLines;
    }

    /**
     * The lines of a cat, grep or tail plan to {@code target}, numbered from 1.
     *
     * @param prefilter    whether the reader may pass over lines the filter cannot select (no context lines)
     * @param countSkipped whether lines passed over are counted (line numbers are shown)
     * @param endEveryLine whether every line is shown ended (grep, tail) or as in the input (cat)
     * @param atBufferEnd  receives the bytes read since the last call, after every buffer
     * @param splitLines   hears of each line longer than the maximum once its last piece is read: how many pieces
     */
    static LineSelection lines(LineFilter filter, Target target, boolean prefilter, boolean countSkipped,
                               boolean endEveryLine, LongConsumer atBufferEnd, LongConsumer splitLines) {
        return new LineSelection(filter, target, null, prefilter, countSkipped, endEveryLine, atBufferEnd, splitLines);
    }

    /**
     * The selected lines of a map-reduce plan into {@code aggregating}'s operator, with ordinals
     * {@code ordinalBase | offset} (or counted, see {@link Aggregating}). A line longer than the maximum is one
     * row, of its first piece: a row per piece would count one line many times, and parse its other pieces as
     * lines of their own.
     */
    static LineSelection aggregating(LineFilter filter, Aggregating aggregating, long ordinalBase, LongConsumer atBufferEnd,
                                     LongConsumer splitLines) {
        // the header line must reach the selection: no passing over lines for a format that reads one
        LineSelection s = new LineSelection(filter, null, aggregating, !aggregating.readsHeaderLine, false, true, atBufferEnd,
                splitLines);
        s.ordinalBase = ordinalBase;
        return s;
    }

    /**
     * A stop is put off to the end of the line, so that the read can be taken up again at the next one; a stop inside a
     * line that comes in pieces is made before that line instead ({@link #stoppedBefore} is its start, {@link #linesRead}
     * leaves it out, and the target drops what it kept of it): such a line can be as long as the file, and reading it to
     * its end would keep all of it.
     */
    LineSelection resumable() {
        resumable = true;
        return this;
    }

    long linesRead() {
        return number - 1;
    }

    long bytesRead() {
        return consumed;
    }

    /** Where the read can be taken up again: after the line that stopped it, or at the start of the line in pieces that did. */
    long stoppedBefore() {
        return stoppedBefore;
    }

    @Override
    public void line(byte[] buf, int off, int len, long offset, boolean terminatedInInput) {
        select(buf, off, len, offset, terminatedInInput, true);
    }

    @Override
    public void piece(byte[] buf, int off, int len, long offset) {
        select(buf, off, len, offset, false, false);
    }

    /** A line, or a piece of one longer than the maximum ({@code endsLine} false for all but its last piece). */
    private void select(byte[] buf, int off, int len, long offset, boolean terminatedInInput, boolean endsLine) {
        if (offset == 0) {
            number = 1;
            piecesOfLine = 0;
            header = null;
            deciding = aggregating != null && aggregating.readsHeaderLine;
        }
        boolean startsLine = piecesOfLine == 0;
        countPieces(startsLine, endsLine, offset);
        if (deciding && startsLine && settle(buf, off, len) == LineParser.FirstLine.HEADER) {
            return;
        }
        if (aggregating != null) {
            if (startsLine && (filter == null || filter.selects(buf, off, len, true, endsLine))) {
                aggregating.accept(this, buf, off, len, ordinalBase | offset);
            }
            return;
        }
        boolean selected = filter == null || filter.selects(buf, off, len, startsLine, endsLine);
        stopping |= !target.line(number, buf, off, len, terminatedInInput || endEveryLine, selected);
        if (terminatedInInput) {
            number++;
        }
        if (stopping && (terminatedInInput || !resumable)) {
            stoppedBefore = offset + len + 1;
            throw StopReading.INSTANCE;
        }
        if (stopping && !endsLine) {
            stoppedBefore = piecedLineStart;
            throw StopReading.INSTANCE;
        }
    }

    private void countPieces(boolean startsLine, boolean endsLine, long offset) {
        if (startsLine && endsLine) {
            return;
        }
        if (startsLine) {
            piecedLineStart = offset;
        }
        piecesOfLine++;
        if (endsLine) {
            splitLines.accept(piecesOfLine);
            piecesOfLine = 0;
        }
    }

    @Override
    public void endOfBuffer(long bytesConsumed) {
        long n = bytesConsumed - consumed;
        consumed = bytesConsumed;
        atBufferEnd.accept(n);
    }

    @Override
    public boolean prefilters() {
        return prefilter;
    }

    @Override
    public int nextCandidate(byte[] buf, int from, int to) {
        return filter.nextCandidate(buf, from, to);
    }

    @Override
    public boolean countsSkippedLines() {
        return countSkipped;
    }

    @Override
    public void skipped(int lines) {
        number += lines;
    }

    @Override
    public boolean readsFirstLine() {
        return aggregating != null && aggregating.readsHeaderLine;
    }

    /** A first line of a file followed from its end: it settles how the file is read, but is no line of the follow. */
    @Override
    public boolean headLine(byte[] buf, int off, int len) {
        return settle(buf, off, len) == LineParser.FirstLine.UNDECIDED;
    }

    /** Hands a first line to the operator; keeps it for this input when it settled how the input is read. */
    private LineParser.FirstLine settle(byte[] buf, int off, int len) {
        LineParser.FirstLine first = aggregating.firstLine(this, buf, off, len);
        deciding = first == LineParser.FirstLine.UNDECIDED;
        header = deciding ? null : Arrays.copyOfRange(buf, off, off + len);
        return first;
    }

    /**
     * One map-reduce operator and the selections that feed it (one reader thread's inputs in turn, or all the
     * files of a follow, interleaved by poll). For a format that reads a first line, the operator's parser holds
     * what the first line of the input whose lines it parses settled: installed again when lines of another input
     * come.
     */
    static final class Aggregating {
        private final MapReduceOperator op;
        private final boolean readsHeaderLine;
        /** A follow numbers its lines in the order read: its files' offsets overlap. */
        private final boolean countOrdinals;
        private LineSelection headerOf;
        private long ordinal;

        Aggregating(MapReduceOperator op, boolean countOrdinals) {
            this.op = op;
            this.readsHeaderLine = op.readsHeaderLine();
            this.countOrdinals = countOrdinals;
        }

        MapReduceOperator operator() {
            return op;
        }

        private LineParser.FirstLine firstLine(LineSelection input, byte[] buf, int off, int len) {
            headerOf = input;
            return op.firstLine(buf, off, len);
        }

        private void accept(LineSelection input, byte[] buf, int off, int len, long offsetOrdinal) {
            if (readsHeaderLine && headerOf != input) {
                // an input whose first line has not settled anything (a followed file that could not give it, an
                // auto file with only blank lines so far) has an empty one; what it settles was known before
                byte[] header = input.header == null ? new byte[0] : input.header;
                firstLine(input, header, 0, header.length);
            }
            op.accept(buf, off, len, countOrdinals ? ordinal++ : offsetOrdinal);
        }
    }

    /** Ends a read early; preallocated and without a stack trace, as it is control flow. */
    static final class StopReading extends RuntimeException {
        static final StopReading INSTANCE = new StopReading();

        private StopReading() {
            super(null, null, false, false);
        }
    }
}
