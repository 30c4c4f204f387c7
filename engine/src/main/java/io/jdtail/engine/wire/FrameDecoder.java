package io.jdtail.engine.wire;

/**
 * Cuts a stream of frames that arrives in pieces of any size (SSH channel packets) into whole
 * frames, with the checks of {@link FrameCodec#read}: a frame over the bound or of an unknown type
 * is refused at its header, before its payload is allocated.
 *
 * <p>{@link #feed} takes bytes up to the end of the current frame at most, so that the caller can
 * account for each frame's bytes (the SSH window) as it completes.
 */
public final class FrameDecoder {

    private static final int HEADER = 5;

    private final int maxFrame;
    private final byte[] header = new byte[HEADER];
    private int headerFill;
    private FrameType type;
    private byte[] payload;
    private int payloadFill;
    private FrameCodec.Frame complete;

    public FrameDecoder(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    /**
     * Takes bytes from {@code data[off, off+len)} until the current frame is whole or the bytes run
     * out, and returns how many it took. When the frame is whole, {@link #take} hands it out.
     */
    public int feed(byte[] data, int off, int len) throws ProtocolException {
        if (complete != null) {
            throw new IllegalStateException("take the finished frame first");
        }
        int used = 0;
        if (headerFill < HEADER) {
            int n = Math.min(HEADER - headerFill, len);
            System.arraycopy(data, off, header, headerFill, n);
            headerFill += n;
            used += n;
            if (headerFill < HEADER) {
                return used;
            }
            type = FrameType.of(header[0] & 0xff);
            int length = (header[1] & 0xff) << 24 | (header[2] & 0xff) << 16 | (header[3] & 0xff) << 8 | (header[4] & 0xff);
            FrameCodec.checkLength(type, length, maxFrame);
            payload = new byte[length];
            payloadFill = 0;
        }
        int n = Math.min(payload.length - payloadFill, len - used);
        System.arraycopy(data, off + used, payload, payloadFill, n);
        payloadFill += n;
        used += n;
        if (payloadFill == payload.length) {
            complete = new FrameCodec.Frame(type, payload);
            headerFill = 0;
            payload = null;
        }
        return used;
    }

    /** The frame the last {@link #feed} finished, once; null while it is incomplete. */
    public FrameCodec.Frame take() {
        FrameCodec.Frame frame = complete;
        complete = null;
        return frame;
    }

    /** Whether the stream is between frames (a clean place for it to end). */
    public boolean betweenFrames() {
        return headerFill == 0 && complete == null;
    }
}
