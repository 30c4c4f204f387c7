package io.jdtail.engine.wire;

/** Kinds of frames on a jdtail session channel. Codes are wire format: never renumber, only add. */
public enum FrameType {
    /** Both sides, first: protocol name and version. */
    HELLO(1),
    /** Client: what to run. */
    REQUEST(2),
    /** Server: lines of one file, each with its number, transmitted percentage and bytes ({@link LineBatch}). */
    LINE(3),
    /** Server: a partial aggregate (see {@link PartialCodec}). */
    PARTIAL(4),
    /** Server: counters and state (queued, lines sent and dropped). */
    STATS(5),
    /** Server: a problem with one input or with the request; the session may go on. */
    ERROR(6),
    /** Server: the request is finished; the channel closes after it. */
    DONE(7),
    /** Server: a gap between context groups. */
    SEPARATOR(8),
    /** Client, instead of REQUEST: how is the server? Server: the answer ({@link Messages.Health}), then DONE. */
    HEALTH(9);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameType of(int code) throws ProtocolException {
        for (FrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new ProtocolException("unknown frame type " + code);
    }
}
