package io.jdtail.engine.wire;

/** Kinds of frames on a jdtail session channel. Codes are wire format: never renumber, only add. */
public enum FrameType {
    /** Both sides, first: protocol name and version. */
    HELLO(1),
    /** Client: what to run. */
    REQUEST(2),
    /** Server: lines of one file, each with its number, transmitted percentage and bytes ({@link LineBatch}). */
    LINE(3),
    /** Server: a partial aggregate with the interval it covers, if any (see {@link PartialFrame}). */
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
    HEALTH(9),
    /**
     * Client, instead of REQUEST, to a relay (a dserver with {@code Server.Relay}): the request and the servers it
     * goes to through this relay ({@link Messages.RelayRequest}).
     */
    RELAY(10),
    /**
     * Relay: which downstream server the frames after it come from (until the next ORIGIN), or what became of one
     * ({@link Messages.Origin}).
     */
    ORIGIN(11);

    private static final FrameType[] BY_CODE = byCode();

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameType of(int code) throws ProtocolException {
        FrameType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (t == null) {
            throw new ProtocolException("unknown frame type " + code);
        }
        return t;
    }

    private static FrameType[] byCode() {
        int max = 0;
        for (FrameType t : values()) {
            max = Math.max(max, t.code);
        }
        FrameType[] table = new FrameType[max + 1];
        for (FrameType t : values()) {
            table[t.code] = t;
        }
        return table;
    }
}
