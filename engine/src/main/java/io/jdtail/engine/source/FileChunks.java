package io.jdtail.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits readable inputs into units of work for parallel reading: a plain file larger than the
 * chunk size becomes several byte ranges, anything else is read whole by one thread.
 */
public final class FileChunks {

    /**
     * One unit of work: bytes {@code [start, end)} of an opened file (end = Long.MAX_VALUE: to the end). The chunks
     * of a file share its one opened channel: every range is read from the file that was opened, never the path.
     */
    public record Chunk(FileGate.OpenedFile file, int fileIndex, Decoding decoding, long start, long end) {

        public boolean wholeFile() {
            return start == 0 && end == Long.MAX_VALUE;
        }

        /**
         * Reads the chunk's lines: every line that starts in {@code [start, end)}, in order. The
         * offsets passed on are positions in the file's content.
         */
        public void read(LineReader reader, LineHandler handler) throws IOException {
            if (start == 0) {
                try (InputStream in = decoding.open(file.channel())) {
                    reader.readRange(in, 0, end, handler);
                }
                return;
            }
            reader.readRange(ChannelInput.from(file.channel(), start - 1), start - 1, end, new DropFirstLine(handler));
        }
    }

    private FileChunks() {
    }

    public static List<Chunk> split(List<FileGate.OpenedFile> files, long chunkSize) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileGate.OpenedFile f = files.get(i);
            Decoding d = Decoding.of(f.realPath());
            long size = f.channel().size();
            if (!d.seekable() || size <= chunkSize) {
                chunks.add(new Chunk(f, i, d, 0, Long.MAX_VALUE));
                continue;
            }
            for (long s = 0; s < size; s += chunkSize) {
                long e = s + chunkSize >= size ? Long.MAX_VALUE : s + chunkSize;
                chunks.add(new Chunk(f, i, d, s, e));
            }
        }
        return chunks;
    }

    /** Drops the first line (all its pieces): it belongs to the previous range. */
    private static final class DropFirstLine implements LineHandler {
        private final LineHandler next;
        private boolean dropping = true;

        DropFirstLine(LineHandler next) {
            this.next = next;
        }

        @Override
        public void line(byte[] buf, int off, int len, long offset, boolean terminated) {
            if (dropping) {
                dropping = !terminated;
                return;
            }
            next.line(buf, off, len, offset, terminated);
        }

        @Override
        public void piece(byte[] buf, int off, int len, long offset) {
            if (!dropping) {
                next.piece(buf, off, len, offset);
            }
        }

        @Override
        public void endOfBuffer(long bytesConsumed) {
            next.endOfBuffer(bytesConsumed);
        }

        @Override
        public boolean prefilters() {
            return next.prefilters();
        }

        @Override
        public int nextCandidate(byte[] buf, int from, int to) {
            return next.nextCandidate(buf, from, to);
        }

        @Override
        public boolean countsSkippedLines() {
            return next.countsSkippedLines();
        }

        /** A pass-over before any line was handed over starts with the line to drop. */
        @Override
        public void skipped(int lines) {
            if (dropping) {
                dropping = false;
                next.skipped(Math.max(0, lines - 1));
            } else {
                next.skipped(lines);
            }
        }
    }
}
