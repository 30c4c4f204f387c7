package io.jdtail.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of an opened file, read through its channel: from a position on (several threads read ranges of the one
 * opened file at once), or from where the channel is, sequentially (a named pipe, which has no positions). Closing
 * this stream leaves the file open for the others.
 *
 * <p>The bytes a regular file has when the stream opens are copied out of a memory mapping of the file, a window of
 * {@link #WINDOW} bytes at a time, not read: a read makes the kernel copy the page cache into a buffer of the JDK's,
 * which the JDK copies again into the caller's array. On the 2-core development machine a bare JVM took 0.55-0.74 s
 * of CPU to read the 600 MB benchmark log that way, 0.30-0.40 s to copy it out of mappings (docs/benchmarks.md). What the file gains after the stream
 * opened is read on by positional reads, as before; a file cut short while it is read (copytruncate) ends where it
 * now ends, as a read would find. A file that cannot be mapped (a pseudo-file) is read. A file smaller than
 * {@link #MAPPED_FROM} is read too: its first mapping would set up the JDK's foreign-memory classes and spin their method
 * handles' classes, about 20 ms of a small command's start-up, where reading it costs well under a millisecond. A
 * stream is read and closed by the thread that opened it, as every reader here does: a window's mapping belongs to
 * that thread.
 */
final class ChannelInput extends InputStream {

    /** Bytes mapped at a time: what a reader adds to the process's resident pages, whatever the file's size. */
    static final long WINDOW = 16L << 20;
    /** Files from this size on are mapped; smaller ones are read. */
    static final long MAPPED_FROM = 1L << 20;

    private final FileChannel channel;
    /** Where the next positional read starts; -1: read sequentially. */
    private long position;
    /** The bytes before this position are copied from mappings; 0 when none are (a pipe, or mapping failed). */
    private long mappedEnd;
    private Arena arena;
    private MemorySegment window;
    private long windowStart;

    private ChannelInput(FileChannel channel, long position, long mappedEnd) {
        this.channel = channel;
        this.position = position;
        this.mappedEnd = mappedEnd;
    }

    /** From {@code position} on, by positional reads, mapped up to the file's size now unless the file is small. */
    static ChannelInput from(FileChannel channel, long position) throws IOException {
        long size = channel.size();
        return new ChannelInput(channel, position, size >= MAPPED_FROM ? size : 0);
    }

    /**
     * From where the channel is: a regular file from that position on as {@link #from} reads it, anything without a
     * size (a named pipe) by sequential reads (one reader at a time).
     */
    static ChannelInput sequential(FileChannel channel) throws IOException {
        long size = channel.size();
        return size > 0 ? from(channel, channel.position()) : new ChannelInput(channel, -1, 0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position < 0) {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
        if (position < mappedEnd && mapWindow()) {
            int n = (int) Math.min(len, windowStart + window.byteSize() - position);
            try {
                MemorySegment.copy(window, ValueLayout.JAVA_BYTE, position - windowStart, b, off, n);
                position += n;
                return n;
            } catch (InternalError shrank) {
                // the page is past the file's end now: it was cut short while being read; read on as a read would
                stopMapping();
            }
        }
        int n = channel.read(ByteBuffer.wrap(b, off, len), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    /** Makes the window hold {@code position}; false (and positional reads from here on) when the file cannot be mapped. */
    private boolean mapWindow() throws IOException {
        if (window != null && position < windowStart + window.byteSize()) {
            return true;
        }
        unmap();
        Arena mapping = Arena.ofConfined();
        try {
            window = channel.map(FileChannel.MapMode.READ_ONLY, position, Math.min(WINDOW, mappedEnd - position), mapping);
            windowStart = position;
            arena = mapping;
            return true;
        } catch (IOException | UnsupportedOperationException notMappable) {
            mapping.close();
            stopMapping();
            return false;
        }
    }

    private void stopMapping() {
        mappedEnd = 0;
        unmap();
    }

    private void unmap() {
        if (arena != null) {
            arena.close();
            arena = null;
            window = null;
        }
    }

    @Override
    public void close() {
        unmap();
    }
}
