package io.jdtail.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One path followed the way {@code tail -F} should: it reads what is appended, and only whole
 * lines (a line still being written waits for its newline). When the path is renamed away
 * (rotation) or deleted, the old file is drained until it stops growing and then the file that
 * took the path is read from its start; when the file shrinks below the read position
 * (copytruncate) reading restarts at 0. Identity is the file key (device + inode) plus the first
 * bytes, so a recreated file that happens to reuse the inode is still noticed.
 *
 * <p>Lines are handed over with their position in the file: a line at position 0 is a file's first line (after a
 * rotation or a copytruncate too). A handler that {@link LineHandler#readsFirstLine reads first lines} (a format
 * with a header line) gets the first line of a file followed from its end, as a {@link LineHandler#headLine head
 * line}, before the lines appended to it (and the lines after it while it asks for more, up to the start point).
 *
 * <p>A reader may be behind its file (dserver's reader waits for a client that keeps up): then a
 * file that takes the path is opened as soon as a poll sees it, and queued, so that it is read in
 * its turn even when it has been rotated away itself meanwhile; and a poll reads at most
 * {@link #READ_CHUNK} bytes, so that the next look at the path is never far off.
 */
public final class FollowedFile {

    private static final int HEAD = 64;
    /** The most a poll reads (a longer maximum line length makes it twice that). */
    static final int READ_CHUNK = 1 << 20;
    /** How long a rotated-away file must stay unchanged before it is given up for its successor. */
    public static final long DRAIN_QUIET_NANOS = 250_000_000L;

    private final Path path;
    private final FileGate gate;
    private final int maxLineLength;
    /** The clock of the drain's quiet period (a test sets it by hand). */
    private final LongSupplier nanoClock;
    private FileChannel channel;
    private Object fileKey;
    private byte[] head = new byte[0];
    private long position;
    /** Followed from its end: the file's first line has not been read (a handler may need it as a header). */
    private boolean firstLineUnread;
    private boolean draining;
    private long lastGrowthNanos;
    /** Files that took the path after the one being read, oldest first, each opened when a poll saw it. */
    private final Deque<FileGate.OpenedFile> successors = new ArrayDeque<>();
    private boolean behind;
    /** The size of the file being read when it was last read from. */
    private long seenSize;
    private long truncatedUnread;

    private FollowedFile(Path path, FileGate gate, int maxLineLength, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.path = path;
        this.gate = gate;
        this.maxLineLength = maxLineLength;
    }

    /**
     * Follows the file {@code opened} (a file present when dtail starts: {@code fromEnd} skips what is there now);
     * the file that later takes its path, after a rotation, is opened through {@code gate} as well.
     */
    public static FollowedFile follow(FileGate.OpenedFile opened, FileGate gate, int maxLineLength, boolean fromEnd)
            throws IOException {
        return follow(opened, gate, maxLineLength, fromEnd, System::nanoTime);
    }

    /** As {@link #follow(FileGate.OpenedFile, FileGate, int, boolean)}, timing the drain's quiet period by {@code nanoClock}. */
    public static FollowedFile follow(FileGate.OpenedFile opened, FileGate gate, int maxLineLength, boolean fromEnd,
                               LongSupplier nanoClock) throws IOException {
        FollowedFile f = new FollowedFile(opened.requested(), gate, maxLineLength, nanoClock);
        f.attach(opened, fromEnd);
        return f;
    }

    public Path path() {
        return path;
    }

    private void attach(boolean fromEnd) throws IOException {
        attach(openAtPath(), fromEnd);
    }

    /** Opens the file now at the path through the gate; a refusal is thrown (a missing file as NoSuchFileException). */
    private FileGate.OpenedFile openAtPath() throws IOException {
        return switch (gate.open(path)) {
            case FileGate.OpenedFile opened -> opened;
            case FileGate.Refused r when r.missing() -> throw new NoSuchFileException(path.toString());
            case FileGate.Refused r -> throw new FileRefusedException(r.reason());
        };
    }

    private void attach(FileGate.OpenedFile opened, boolean fromEnd) throws IOException {
        FileChannel c = opened.channel();
        try {
            channel = c;
            fileKey = opened.fileKey();
            position = fromEnd ? c.size() : 0;
            firstLineUnread = position > 0;
            head = readHead(c);
            draining = false;
            lastGrowthNanos = nanoClock.getAsLong();
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Reads what is new and hands complete lines to the handler. Returns the number of bytes read.
     * I/O problems other than the file going away are thrown.
     */
    public long poll(LineReader reader, LineHandler handler) throws IOException {
        long read = 0;
        if (channel == null) {
            try {
                attach(false);
            } catch (NoSuchFileException e) {
                return 0;
            }
        }
        if (firstLineUnread && handler.readsFirstLine()) {
            readFirstLine(handler);
        }
        long size = channel.size();
        if (size < position || (size > 0 && position > 0 && !sameHead())) {
            // copytruncate (emptied, maybe refilled) or new content in the same inode: start over,
            // and forget the old head so the new content becomes the reference. What had not been read
            // yet is gone (a reader behind its file loses it): at least what was seen, the caller says so
            truncatedUnread += Math.max(0, seenSize - position);
            position = 0;
            firstLineUnread = false;
            head = new byte[0];
        }
        read += readChunk(reader, handler, size);
        if (replaced() && !draining) {
            draining = true;
            lastGrowthNanos = nanoClock.getAsLong();
        }
        if (draining) {
            if (read > 0) {
                lastGrowthNanos = nanoClock.getAsLong();
            } else if (nanoClock.getAsLong() - lastGrowthNanos >= DRAIN_QUIET_NANOS) {
                // the old file is done: its last line counts even without a newline
                read += readComplete(reader, handler, channel.size(), true);
                closeChannel();
                try {
                    FileGate.OpenedFile next = successors.poll();
                    if (next != null) {
                        attach(next, false);
                    } else {
                        attach(false);
                    }
                    read += readChunk(reader, handler, channel.size());
                } catch (NoSuchFileException e) {
                    // deleted and not recreated yet
                }
            }
        }
        return read;
    }

    /**
     * True when the last poll left bytes of the file unread: the caller polls again without waiting for
     * the file system to report a change. (Files queued after this one wait for its drain, which waits
     * for time to pass: no reason to poll at once.)
     */
    public boolean behind() {
        return behind;
    }

    /**
     * The bytes truncated away before they were read (copytruncate while the reader was behind) since
     * the last call: at least that many, as far as polls saw the file grow.
     */
    public long takeTruncatedUnread() {
        long lost = truncatedUnread;
        truncatedUnread = 0;
        return lost;
    }

    /**
     * Hands over the first line of a file followed from its end (at most the maximum line length of it): read
     * once, and not counted as read, as it was there before following began.
     */
    private void readFirstLine(LineHandler handler) throws IOException {
        firstLineUnread = false;
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(position, maxLineLength));
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // the first line is older than the position: it is there to be read whole
        }
        int start = 0;
        int end = b.position();
        boolean wantsMore = true;
        while (wantsMore && start < end) {
            int nl = Bytes.indexOf(b.array(), start, end, (byte) '\n');
            int lineEnd = nl < 0 ? end : nl;
            wantsMore = handler.headLine(b.array(), start, lineEnd - start);
            start = lineEnd + 1;
        }
    }

    /** Reads whole lines up to {@code size}, at most {@link #READ_CHUNK} bytes (or two maximum lines) of them. */
    private long readChunk(LineReader reader, LineHandler handler, long size) throws IOException {
        long limit = Math.min(size, position + Math.max(READ_CHUNK, 2L * maxLineLength));
        seenSize = size;
        behind = limit < size;
        return readComplete(reader, handler, limit, false);
    }

    /**
     * True when the path no longer names the file being read (renamed away, deleted, replaced). A file
     * now at the path that is not queued yet is opened and queued: it is read from its start once the
     * files before it are done, even if it is rotated away itself before then.
     */
    private boolean replaced() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return true;
        }
        if (Objects.equals(key, fileKey)) {
            return false;
        }
        FileGate.OpenedFile newest = successors.peekLast();
        if (newest == null || !Objects.equals(key, newest.fileKey())) {
            FileGate.OpenedFile successor;
            try {
                successor = openAtPath();
            } catch (NoSuchFileException e) {
                return true;                          // renamed away again already: the next poll looks again
            } catch (FileRefusedException e) {
                // not queued: the old file is drained, then the re-open at the path meets the refusal and reports it
                return true;
            }
            if (Objects.equals(successor.fileKey(), fileKey)) {
                successor.close();                    // the file being read is back at the path
                return false;
            }
            successors.add(successor);
        }
        return true;
    }

    private boolean sameHead() throws IOException {
        if (head.length == HEAD) {
            byte[] now = new byte[HEAD];
            int n = channel.read(ByteBuffer.wrap(now), 0);
            return n == HEAD && Arrays.equals(now, head);
        }
        byte[] now = readHead(channel);
        if (now.length < head.length || !Arrays.equals(now, 0, head.length, head, 0, head.length)) {
            return false;
        }
        head = now;
        return true;
    }

    private static byte[] readHead(FileChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEAD);
        int n = c.read(b, 0);
        return n <= 0 ? new byte[0] : Arrays.copyOf(b.array(), n);
    }

    /**
     * Reads {@code [position, end)} where end is just after the last newline before {@code size}
     * (or {@code size} itself when {@code toEnd}), plus whole pieces of a line longer than the
     * maximum, so that every line handed on is complete.
     */
    private long readComplete(LineReader reader, LineHandler handler, long size, boolean toEnd) throws IOException {
        if (size <= position) {
            return 0;
        }
        long end = toEnd ? size : lastNewlineEnd(size);
        boolean piecesOnly = false;
        if (end <= position) {
            long pending = size - position;
            if (pending <= maxLineLength) {
                return 0;
            }
            end = position + (pending / maxLineLength) * maxLineLength;
            piecesOnly = true;
        }
        long start = position;
        channel.position(start);
        InputStream in = new BoundedInput(Channels.newInputStream(channel), end - start);
        reader.readAll(in, start, new WholeLines(handler, piecesOnly));
        position = end;
        return end - start;
    }

    private long lastNewlineEnd(long size) throws IOException {
        // most polls find a line or two appended: look at no more than that
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(8192, size - position));
        long to = size;
        while (to > position) {
            long from = Math.max(position, to - b.capacity());
            b.clear().limit((int) (to - from));
            int n = channel.read(b, from);
            if (n <= 0) {
                break;
            }
            for (int i = n - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            to = from;
        }
        return position;
    }

    /** The gate refused the file now at the path; the message is the gate's reason. */
    public static final class FileRefusedException extends IOException {
        FileRefusedException(String reason) {
            super(reason);
        }
    }

    public void close() {
        closeChannel();
        successors.forEach(FileGate.OpenedFile::close);
        successors.clear();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to save
            }
            channel = null;
        }
    }

    /**
     * Passes lines on, and nothing of the reader's prefilter: a follow reads a chunk at a time and hands on every
     * line (the selection decides), and the bytes it read it reports itself.
     */
    private record WholeLines(LineHandler next, boolean piecesOnly) implements LineHandler {
        /** With {@code piecesOnly} (whole pieces of a line still being written), the read's unterminated end is a piece too. */
        @Override
        public void line(byte[] buf, int off, int len, long offset, boolean terminated) {
            if (piecesOnly && !terminated) {
                next.piece(buf, off, len, offset);
            } else {
                next.line(buf, off, len, offset, terminated);
            }
        }

        @Override
        public void piece(byte[] buf, int off, int len, long offset) {
            next.piece(buf, off, len, offset);
        }
    }

    /** At most {@code limit} bytes of the underlying stream. */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
