package io.jdtail.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines in large buffers, with no per-line allocation. A line longer
 * than {@code maxLineLength} is handed over in pieces of that size ({@link LineHandler#piece}, then
 * its last piece as a line), never dropped, and never held in memory whole.
 */
public final class LineReader {

    private final int maxLineLength;
    private byte[] buf;

    public LineReader(int maxLineLength, int bufferSize) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive");
        }
        this.maxLineLength = maxLineLength;
        // grows on demand (up to maxLineLength + 1 when a line is that long), so readers of
        // many followed files do not each hold a line-sized buffer
        this.buf = new byte[Math.max(16, bufferSize)];
    }

    public LineReader(int maxLineLength) {
        this(maxLineLength, 1 << 20);
    }

    /** Reads every line of {@code in}; {@code startOffset} is the input position of its first byte. */
    public void readAll(InputStream in, long startOffset, LineHandler handler) throws IOException {
        readRange(in, startOffset, Long.MAX_VALUE, handler);
    }

    /**
     * Reads the lines that start before {@code limit}: the last such line is read to its end even
     * when that lies beyond {@code limit}. With {@link #readRangeAfterFirstLine} this splits a file into
     * ranges read in parallel, every line read exactly once: a range {@code [s, e)} with s > 0 is
     * read from {@code s - 1} and its first line (the end of the previous range's last line, or
     * the empty line before {@code s}) is dropped; see {@link FileChunks}.
     */
    public void readRange(InputStream in, long startOffset, long limit, LineHandler handler) throws IOException {
        readLines(in, startOffset, startOffset, 0, 0, limit, handler);
    }

    /**
     * As {@link #readRange}, but without the first line of {@code in} (to and with its first newline; all its pieces
     * when it is longer than the maximum): the range {@code [s, e)} of a file split into ranges, read from {@code s - 1}
     * ({@link FileChunks}). The line is passed over before the lines are read, so the handler never sees it: a check
     * per line for the one line to drop made the JIT's compiled reading loop trap and be compiled again at every
     * range's first line.
     */
    public void readRangeAfterFirstLine(InputStream in, long startOffset, long limit, LineHandler handler) throws IOException {
        long base = startOffset;
        while (true) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                handler.endOfBuffer(base - startOffset);
                return;
            }
            int nl = Bytes.indexOf(buf, 0, n, (byte) '\n');
            if (nl >= 0) {
                readLines(in, startOffset, base, n, nl + 1, limit, handler);
                return;
            }
            base += n; // all of it is the line passed over
            handler.endOfBuffer(base - startOffset);
        }
    }

    /** Reads the lines from {@code buf[lineStart]} on, {@code buf[0, filled)} read already and at {@code base} in the input. */
    private void readLines(InputStream in, long startOffset, long base, int filled, int lineStart, long limit,
                           LineHandler handler) throws IOException {
        int scanFrom = lineStart;
        boolean eof = false;
        boolean midLine = false;
        boolean skipping = handler.prefilters();
        boolean countSkipped = handler.countsSkippedLines();
        while (true) {
            if (!midLine && base + lineStart >= limit) {
                return;
            }
            if (skipping && !midLine && lineStart == scanFrom && lineStart < filled) {
                int candidate = handler.nextCandidate(buf, lineStart, filled);
                int skipEnd = Bytes.lastIndexOf(buf, lineStart, candidate < 0 ? filled : candidate, (byte) '\n') + 1;
                if (skipEnd > lineStart && base + skipEnd > limit) {
                    // pass over the lines that start before the limit only: the rest belong to the next range
                    long limitIndex = limit - base;
                    skipEnd = Bytes.indexOf(buf, (int) limitIndex - 1, skipEnd, (byte) '\n') + 1;
                }
                if (skipEnd > lineStart) {
                    handler.skipped(countSkipped ? Bytes.count(buf, lineStart, skipEnd, (byte) '\n') : 0);
                    lineStart = skipEnd;
                    scanFrom = skipEnd;
                    continue;
                }
                if (candidate < 0) {
                    // the incomplete last line has no candidate yet; do not look at it again until more arrives
                    scanFrom = filled;
                }
            }
            int nl = Bytes.indexOf(buf, scanFrom, filled, (byte) '\n');
            if (nl >= 0) {
                emit(handler, lineStart, nl - lineStart, base, true);
                lineStart = nl + 1;
                scanFrom = lineStart;
                midLine = false;
                continue;
            }
            if (filled - lineStart > maxLineLength) {
                handler.piece(buf, lineStart, maxLineLength, base + lineStart);
                lineStart += maxLineLength;
                scanFrom = lineStart;
                midLine = true;
                continue;
            }
            scanFrom = filled;
            if (eof) {
                if (lineStart < filled) {
                    handler.line(buf, lineStart, filled - lineStart, base + lineStart, false);
                }
                handler.endOfBuffer(base + filled - startOffset);
                return;
            }
            if (lineStart > 0) {
                handler.endOfBuffer(base + lineStart - startOffset);
                int rest = filled - lineStart;
                System.arraycopy(buf, lineStart, buf, 0, rest);
                base += lineStart;
                scanFrom -= lineStart;
                filled = rest;
                lineStart = 0;
            } else if (filled == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        }
    }

    private void emit(LineHandler handler, int start, int len, long base, boolean terminated) {
        int off = start;
        while (len > maxLineLength) {
            handler.piece(buf, off, maxLineLength, base + off);
            off += maxLineLength;
            len -= maxLineLength;
        }
        handler.line(buf, off, len, base + off, terminated);
    }
}
