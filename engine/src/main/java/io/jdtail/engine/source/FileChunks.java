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
            // from the byte before the range: the first line read is the end of the previous range's last line, or the
            // empty line before the range when the previous range ends with a newline. Closed when read: its mapping
            // of the file is freed only then (a confined arena; no GC frees it), else one stays per range read.
            try (InputStream in = ChannelInput.from(file.channel(), start - 1)) {
                reader.readRangeAfterFirstLine(in, start - 1, end, handler);
            }
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
}
