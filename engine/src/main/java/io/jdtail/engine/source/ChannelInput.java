package io.jdtail.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of an opened file, read through its channel: from a position on with positional reads (several threads
 * read ranges of the one opened file at once), or from where the channel is, sequentially (a whole file, a named
 * pipe, which has no positions). Closing this stream leaves the file open for the others.
 */
final class ChannelInput extends InputStream {

    private final FileChannel channel;
    /** Where the next positional read starts; -1: read sequentially. */
    private long position;

    private ChannelInput(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
    }

    /** From {@code position} on, by positional reads. */
    static ChannelInput from(FileChannel channel, long position) {
        return new ChannelInput(channel, position);
    }

    /** From where the channel is, by sequential reads (one reader at a time). */
    static ChannelInput sequential(FileChannel channel) {
        return new ChannelInput(channel, -1);
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
        int n = channel.read(ByteBuffer.wrap(b, off, len), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }
}
