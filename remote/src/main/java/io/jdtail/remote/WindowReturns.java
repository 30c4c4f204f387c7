package io.jdtail.remote;

/**
 * When the bytes of frames the reader has taken go back to the server's SSH window: once they add up to a quarter of
 * the window, all at once. Each return is a window adjustment the reader sends (a packet encrypted and written, and a
 * hand-over to MINA's I/O threads), and returning every frame on its own was one per {@link
 * io.jdtail.engine.wire.LineBatch#TARGET_BYTES}: 2,400 for a remote dcat of 600 MB, and in a JFR profile of one, 51 of
 * the reader thread's 164 CPU samples.
 *
 * <p>The server is never held up by what is owed here: less than a quarter of the window is owed, and at most another
 * quarter is held for a frame being assembled ({@link FrameChannel}), so at least half of the window stays the
 * server's to fill beside the frames the reader has not taken yet. Used by the reader's thread only.
 */
final class WindowReturns {

    private final long returnAt;
    private long owed;

    /** For a local window of {@code windowBytes}. */
    WindowReturns(long windowBytes) {
        this.returnAt = Math.max(1, windowBytes / 4);
    }

    /** The reader took {@code bytes} of the window: what to give back now (0 while less than a quarter is owed). */
    long taken(long bytes) {
        owed += bytes;
        if (owed < returnAt) {
            return 0;
        }
        long due = owed;
        owed = 0;
        return due;
    }
}
