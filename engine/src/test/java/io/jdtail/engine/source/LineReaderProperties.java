package io.jdtail.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LineReaderProperties {

    @Provide
    Arbitrary<byte[]> content() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000)
                .map(b -> {
                    for (int i = 0; i < b.length; i++) {
                        if ((b[i] & 7) == 0) {
                            b[i] = '\n';
                        }
                    }
                    return b;
                });
    }

    /** Lines re-joined with their terminators give back the input exactly, for any maximum line length. */
    @Property(tries = 300)
    void linesReassembleTheInput(@ForAll("content") byte[] content, @ForAll @IntRange(min = 1, max = 64) int maxLine,
                                 @ForAll @IntRange(min = 1, max = 200) int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> lengths = new ArrayList<>();
        new LineReader(maxLine, bufferSize).readAll(new ByteArrayInputStream(content), 0, (buf, off, len, offset, terminated) -> {
            assertThat(offset).isEqualTo(out.size());
            out.write(buf, off, len);
            if (terminated) {
                out.write('\n');
            }
            lengths.add(len);
        });
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(lengths).allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(maxLine));
    }

    /**
     * A line longer than the maximum comes as pieces of exactly the maximum ({@link LineHandler#piece}), then its
     * last piece, of 1 to the maximum bytes, as the line; any other line comes whole.
     */
    @Property(tries = 300)
    void aLineLongerThanTheMaximumComesAsPiecesThenItsLastPiece(@ForAll("content") byte[] content,
                                                                @ForAll @IntRange(min = 1, max = 64) int maxLine,
                                                                @ForAll @IntRange(min = 1, max = 200) int bufferSize) throws IOException {
        List<String> expected = new ArrayList<>();
        int start = 0;
        while (start < content.length) {
            int nl = start;
            while (nl < content.length && content[nl] != '\n') {
                nl++;
            }
            int length = nl - start;
            for (; length > maxLine; length -= maxLine) {
                expected.add("piece " + maxLine);
            }
            expected.add("line " + length + (nl < content.length ? "" : " unterminated"));
            start = nl + 1;
        }
        List<String> calls = new ArrayList<>();
        new LineReader(maxLine, bufferSize).readAll(new ByteArrayInputStream(content), 0, new LineHandler() {
            @Override
            public void line(byte[] buf, int off, int len, long offset, boolean terminated) {
                calls.add("line " + len + (terminated ? "" : " unterminated"));
            }

            @Override
            public void piece(byte[] buf, int off, int len, long offset) {
                calls.add("piece " + len);
            }
        });
        assertThat(calls).isEqualTo(expected);
    }

    /** Splitting a file into ranges reads every line exactly once, in order. */
    @Property(tries = 200)
    void rangesReadEveryLineOnce(@ForAll("content") byte[] content, @ForAll @IntRange(min = 1, max = 500) int chunk,
                                 @ForAll @IntRange(min = 1, max = 40) int maxLine) throws IOException {
        Path file = Files.createTempFile("ranges", ".log");
        try {
            Files.write(file, content);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            List<Long> wholeOffsets = new ArrayList<>();
            new LineReader(maxLine, 64).readAll(new ByteArrayInputStream(content), 0, (buf, off, len, offset, terminated) -> {
                whole.write(buf, off, len);
                wholeOffsets.add(offset);
            });
            ByteArrayOutputStream split = new ByteArrayOutputStream();
            List<Long> splitOffsets = new ArrayList<>();
            try (FileGate.OpenedFile opened = (FileGate.OpenedFile) FileGate.PROCESS.open(file)) {
                for (FileChunks.Chunk c : FileChunks.split(List.of(opened), chunk)) {
                    c.read(new LineReader(maxLine, 64), (buf, off, len, offset, terminated) -> {
                        split.write(buf, off, len);
                        splitOffsets.add(offset);
                    });
                }
            }
            assertThat(splitOffsets).isEqualTo(wholeOffsets);
            assertThat(split.toByteArray()).isEqualTo(whole.toByteArray());
        } finally {
            Files.delete(file);
        }
    }

    /**
     * Splitting a file into ranges with a handler that passes over runs of lines without a candidate ('X'): every
     * line with one is handed over exactly once, whole, at its offset, and every other line is handed over or
     * counted as passed over, once. Buffers from 16 bytes, so that a range's first line (the previous range's last,
     * never handed over) can be longer than the buffer and than the maximum line length.
     */
    @Property(tries = 200)
    void rangesWithAPrefilterHandOverEveryCandidateLineOnceAndCountTheRest(@ForAll("content") byte[] content,
            @ForAll @IntRange(min = 1, max = 300) int chunk, @ForAll @IntRange(min = 1, max = 40) int maxLine,
            @ForAll @IntRange(min = 16, max = 80) int bufferSize) throws IOException {
        for (int i = 0; i < content.length; i++) {
            if ((content[i] & 31) == 1) {
                content[i] = 'X';
            }
        }
        List<String> expected = new ArrayList<>();
        long lines = 0;
        for (int start = 0; start < content.length; lines++) {
            int nl = start;
            while (nl < content.length && content[nl] != '\n') {
                nl++;
            }
            String line = new String(content, start, nl - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (line.contains("X")) {
                expected.add(start + ":" + line);
            }
            start = nl + 1;
        }
        Path file = Files.createTempFile("ranges", ".log");
        try {
            Files.write(file, content);
            List<String> candidates = new ArrayList<>();
            long[] counted = new long[1];
            try (FileGate.OpenedFile opened = (FileGate.OpenedFile) FileGate.PROCESS.open(file)) {
                for (FileChunks.Chunk c : FileChunks.split(List.of(opened), chunk)) {
                    StringBuilder pieces = new StringBuilder();
                    long[] lineStart = {-1};
                    c.read(new LineReader(maxLine, bufferSize), new LineHandler() {
                        @Override
                        public void piece(byte[] buf, int off, int len, long offset) {
                            if (lineStart[0] < 0) {
                                lineStart[0] = offset;
                            }
                            pieces.append(new String(buf, off, len, java.nio.charset.StandardCharsets.ISO_8859_1));
                        }

                        @Override
                        public void line(byte[] buf, int off, int len, long offset, boolean terminated) {
                            piece(buf, off, len, offset);
                            if (pieces.indexOf("X") >= 0) {
                                candidates.add(lineStart[0] + ":" + pieces);
                            } else {
                                counted[0]++;
                            }
                            pieces.setLength(0);
                            lineStart[0] = -1;
                        }

                        @Override
                        public boolean prefilters() {
                            return true;
                        }

                        @Override
                        public int nextCandidate(byte[] buf, int from, int to) {
                            return Bytes.indexOf(buf, from, to, (byte) 'X');
                        }

                        @Override
                        public void skipped(int n) {
                            counted[0] += n;
                        }
                    });
                }
            }
            assertThat(candidates).isEqualTo(expected);
            assertThat(counted[0] + candidates.size()).isEqualTo(lines);
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 500)
    void swarIndexOfAgreesWithALoop(@ForAll("content") byte[] content, @ForAll @IntRange(min = 0, max = 3000) int from) {
        int start = Math.min(from, content.length);
        int expected = -1;
        for (int i = start; i < content.length; i++) {
            if (content[i] == '\n') {
                expected = i;
                break;
            }
        }
        assertThat(Bytes.indexOf(content, start, content.length, (byte) '\n')).isEqualTo(expected);
    }

    @Property(tries = 500)
    void swarLastIndexOfAndCountAgreeWithALoop(@ForAll("content") byte[] content, @ForAll @IntRange(min = 0, max = 3000) int from) {
        int start = Math.min(from, content.length);
        int last = -1;
        int count = 0;
        for (int i = start; i < content.length; i++) {
            if (content[i] == '\n') {
                last = i;
                count++;
            }
        }
        assertThat(Bytes.lastIndexOf(content, start, content.length, (byte) '\n')).isEqualTo(last);
        assertThat(Bytes.count(content, start, content.length, (byte) '\n')).isEqualTo(count);
    }
}
