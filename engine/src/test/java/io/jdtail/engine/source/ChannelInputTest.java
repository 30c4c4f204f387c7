package io.jdtail.engine.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an opened file's bytes are read: mapped where the file had them at open, read where it has more, or fewer. */
class ChannelInputTest {

    /** More than one mapping window, ending in part of one. */
    private static final int SIZE = (int) ChannelInput.WINDOW + 12_345;

    @TempDir
    static Path dir;
    private static byte[] content;

    @BeforeAll
    static void content() {
        content = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            content[i] = (byte) (i % 251);
        }
    }

    private static Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void aRegularFileIsCopiedOutOfMappingsWindowByWindowNotRead() throws IOException {
        Path file = file("mapped.log", content);
        try (CountingChannel channel = new CountingChannel(FileChannel.open(file));
             InputStream in = ChannelInput.sequential(channel)) {
            assertArrayEquals(content, readAll(in, 1 << 20));
            assertEquals(1, channel.reads, "read calls: only the one that finds the end (or what the file gained)");
            assertEquals(2, channel.maps, "windows mapped");
        }
    }

    @Test
    void aRangeFromAPositionIsMappedFromThere() throws IOException {
        Path file = file("range.log", content);
        long from = ChannelInput.WINDOW - 7;
        try (CountingChannel channel = new CountingChannel(FileChannel.open(file));
             InputStream in = ChannelInput.from(channel, from)) {
            assertArrayEquals(Arrays.copyOfRange(content, (int) from, SIZE), readAll(in, 4096));
            assertEquals(1, channel.reads, "read calls: only the one that finds the end");
        }
    }

    @Test
    void bytesTheFileGainsAfterTheStreamOpenedAreReadOn() throws IOException {
        Path file = file("growing.log", content);
        byte[] more = "and a line appended later\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file); InputStream in = ChannelInput.sequential(channel)) {
            Files.write(file, more, StandardOpenOption.APPEND);
            byte[] expected = Arrays.copyOf(content, SIZE + more.length);
            System.arraycopy(more, 0, expected, SIZE, more.length);
            assertArrayEquals(expected, readAll(in, 1 << 20));
        }
    }

    @Test
    void aFileCutShortWhileItIsReadEndsWhereItNowEnds() throws IOException {
        Path file = file("truncated.log", content);
        try (FileChannel channel = FileChannel.open(file); InputStream in = ChannelInput.sequential(channel)) {
            byte[] first = in.readNBytes(1 << 20);
            try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
                writer.truncate(4096);
            }
            assertArrayEquals(Arrays.copyOf(content, 1 << 20), first);
            assertEquals(-1, in.read(new byte[4096], 0, 4096), "after the file's new end");
        }
    }

    @Test
    void aSmallFileIsReadNotMapped() throws IOException {
        byte[] small = Arrays.copyOf(content, (int) ChannelInput.MAPPED_FROM - 1);
        Path file = file("small.log", small);
        try (CountingChannel channel = new CountingChannel(FileChannel.open(file));
             InputStream in = ChannelInput.sequential(channel)) {
            assertArrayEquals(small, readAll(in, 4096));
            assertEquals(0, channel.maps, "windows mapped");
        }
    }

    @Test
    void anEmptyFileHasNoBytes() throws IOException {
        Path file = file("empty.log", new byte[0]);
        try (FileChannel channel = FileChannel.open(file); InputStream in = ChannelInput.sequential(channel)) {
            assertEquals(-1, in.read(new byte[16], 0, 16));
        }
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** A real file's channel that counts the reads and the mappings made through it. */
    private static final class CountingChannel extends FileChannel {
        private final FileChannel file;
        int reads;
        int maps;

        CountingChannel(FileChannel file) {
            this.file = file;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            reads++;
            return file.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            reads++;
            return file.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            reads++;
            return file.read(dst, position);
        }

        @Override
        public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
            maps++;
            return file.map(mode, offset, size, arena);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            maps++;
            return file.map(mode, position, size);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return file.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return file.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return file.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return file.transferFrom(src, position, count);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
