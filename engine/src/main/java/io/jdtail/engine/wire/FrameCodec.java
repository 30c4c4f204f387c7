package io.jdtail.engine.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed binary frames: {@code u8 type, u32 length, payload}. A length prefix, never a
 * delimiter, so any byte can be in a log line. Frames larger than the reader's bound are refused
 * before anything is allocated: a peer is untrusted.
 */
public final class FrameCodec {

    /** The protocol's name in HELLO; also the SSH subsystem name. */
    public static final String PROTOCOL = "jdtail";
    /**
     * 2: a LINE frame carries a batch of lines ({@link LineBatch}); 3: a request says whether lines are numbered;
     * 4: a PARTIAL frame carries the interval it covers ({@link PartialFrame}), so a version-3 peer cannot read it;
     * 5: a STATS frame counts the lines that were split because they were longer than the server's maximum;
     * 6: RELAY and ORIGIN frames, so that a request can go through relays (a version-5 relay could not tell them).
     */
    public static final int VERSION = 6;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final int maxFrame;

    /** One frame: its type and payload. */
    public record Frame(FrameType type, byte[] payload) {
    }

    public FrameCodec(InputStream in, OutputStream out, int maxFrame) {
        this.in = in == null ? null : new DataInputStream(in);
        this.out = out == null ? null : new DataOutputStream(out);
        this.maxFrame = maxFrame;
    }

    public void write(FrameType type, byte[] payload) throws IOException {
        write(type, payload, 0, payload.length);
    }

    public void write(FrameType type, byte[] payload, int off, int len) throws IOException {
        synchronized (out) {
            out.writeByte(type.code());
            out.writeInt(len);
            out.write(payload, off, len);
        }
    }

    public void flush() throws IOException {
        synchronized (out) {
            out.flush();
        }
    }

    /** The next frame, or null at a clean end of stream (between frames). */
    public Frame read() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        FrameType t = FrameType.of(type);
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            throw new ProtocolException("the stream ended inside a frame header");
        }
        checkLength(t, len, maxFrame);
        byte[] payload = new byte[len];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new ProtocolException("the stream ended inside a " + t + " frame");
        }
        return new Frame(t, payload);
    }

    /** Refuses a frame length before anything is allocated for it. */
    static void checkLength(FrameType type, int len, int maxFrame) throws ProtocolException {
        if (len < 0 || len > maxFrame) {
            throw new ProtocolException("a " + type + " frame of " + len + " bytes is larger than the " + maxFrame + " allowed");
        }
    }
}
