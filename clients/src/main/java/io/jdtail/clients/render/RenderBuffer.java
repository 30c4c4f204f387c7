package io.jdtail.clients.render;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The renderer's output buffer. Unlike {@link java.io.BufferedOutputStream} it takes no lock: the
 * renderer is already synchronized, and a lock per write (two or more per line) was a measurable
 * share of a remote {@code dcat}'s CPU. Writes larger than the buffer go straight through.
 */
final class RenderBuffer {

    private final OutputStream out;
    private final byte[] buf;
    private int size;

    RenderBuffer(OutputStream out, int capacity) {
        this.out = out;
        this.buf = new byte[capacity];
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - size) {
            drain();
            if (len >= buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void write(int b) throws IOException {
        if (size == buf.length) {
            drain();
        }
        buf[size++] = (byte) b;
    }

    /** Writes what is buffered and flushes the stream below. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (size > 0) {
            out.write(buf, 0, size);
            size = 0;
        }
    }
}
