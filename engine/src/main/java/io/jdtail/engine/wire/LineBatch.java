package io.jdtail.engine.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of a LINE frame: many lines of one file, so that a stream of short lines costs one
 * frame (and one SSH packet) per {@link #TARGET_BYTES} rather than one per line.
 *
 * <pre>
 *   u32 fileLength, fileLength bytes of UTF-8, u32 count,
 *   count x (i64 lineNumber, u8 transmittedPercent, u8 terminated, u32 length, length bytes)
 * </pre>
 *
 * The writer side reuses one buffer for every frame of a session; the reader side is a view over
 * a received payload that is validated completely before any line is handed out, so a malformed
 * frame delivers nothing.
 */
public final class LineBatch {

    /**
     * A batch is sent once it holds this many bytes (a single longer line makes a batch of its own).
     * 256 KiB rather than 64: a remote dcat then hands a quarter as many frames from the client's
     * I/O thread to its reader (a wake-up each), and ran about 5% faster on loopback.
     */
    public static final int TARGET_BYTES = 256 * 1024;
    private static final int LINE_HEADER = 8 + 1 + 1 + 4;
    private static final int INITIAL_BYTES = 4096;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** One line of a batch; {@code buf[off, off+len)} is only valid during the call. */
    @FunctionalInterface
    public interface LineVisitor {
        void line(String file, long number, int transmittedPercent, boolean terminated, byte[] buf, int off, int len);
    }

    private final String file;
    private final int count;
    private final byte[] payload;
    private final int linesOffset;

    private LineBatch(String file, int count, byte[] payload, int linesOffset) {
        this.file = file;
        this.count = count;
        this.payload = payload;
        this.linesOffset = linesOffset;
    }

    public String file() {
        return file;
    }

    public int count() {
        return count;
    }

    /** Reads a received payload; every length and field is checked before it is accepted. */
    public static LineBatch read(byte[] payload) throws ProtocolException {
        int end = payload.length;
        if (end < 4) {
            throw new ProtocolException("a LINE frame ended early");
        }
        int fileLength = intAt(payload, 0);
        if (fileLength < 0 || fileLength > Messages.MAX_STRING || fileLength > end - 8) {
            throw new ProtocolException("a LINE frame's file name of " + fileLength + " bytes does not fit");
        }
        String file = new String(payload, 4, fileLength, StandardCharsets.UTF_8);
        int at = 4 + fileLength;
        int count = intAt(payload, at);
        at += 4;
        if (count < 0 || (long) count * LINE_HEADER > end - at) {
            throw new ProtocolException("a LINE frame claims " + count + " lines that do not fit in it");
        }
        int linesOffset = at;
        for (int i = 0; i < count; i++) {
            if (end - at < LINE_HEADER) {
                throw new ProtocolException("a LINE frame ended early");
            }
            long number = (long) LONG.get(payload, at);
            int pct = payload[at + 8] & 0xff;
            int terminated = payload[at + 9] & 0xff;
            int length = intAt(payload, at + 10);
            at += LINE_HEADER;
            if (number < 0 || pct > 100 || terminated > 1) {
                throw new ProtocolException("a LINE frame has a malformed line header");
            }
            if (length < 0 || length > end - at) {
                throw new ProtocolException("line length " + length + " does not fit its frame");
            }
            at += length;
        }
        if (at < end) {
            throw new ProtocolException((end - at) + " unexpected bytes at the end of a frame");
        }
        return new LineBatch(file, count, payload, linesOffset);
    }

    /** The LINE frame's payload, as received: a relay passes it on unchanged (valid as long as the batch is). */
    public byte[] payload() {
        return payload;
    }

    /** Hands every line to {@code visitor}, in order, without copying. */
    public void forEach(LineVisitor visitor) {
        int at = linesOffset;
        for (int i = 0; i < count; i++) {
            long number = (long) LONG.get(payload, at);
            int pct = payload[at + 8] & 0xff;
            boolean terminated = payload[at + 9] != 0;
            int length = intAt(payload, at + 10);
            at += LINE_HEADER;
            visitor.line(file, number, pct, terminated, payload, at, length);
            at += length;
        }
    }

    private static int intAt(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    /** The lines as values (copies); for tests and small batches. */
    public List<Messages.Line> toList() {
        List<Messages.Line> lines = new ArrayList<>(count);
        forEach((f, number, pct, terminated, buf, off, len) ->
                lines.add(new Messages.Line(f, number, pct, terminated, Arrays.copyOfRange(buf, off, off + len))));
        return lines;
    }

    /** Builds LINE payloads in one reused buffer: {@link #add} lines, {@link #ready} says when to send. */
    public static final class Writer {
        // grows to what the batches need: a follow's batches are a few lines, a cat's TARGET_BYTES
        private byte[] buf = new byte[INITIAL_BYTES];
        private int size;
        private int count;
        private String file;
        private int countPosition;

        /** Whether a line of {@code file} can join the lines already here (same file). */
        public boolean accepts(String lineFile) {
            return count == 0 || lineFile.equals(file);
        }

        public boolean isEmpty() {
            return count == 0;
        }

        /** Whether the batch is big enough to send. */
        public boolean ready() {
            return size >= TARGET_BYTES;
        }

        /** Adds a line; the caller has checked {@link #accepts}. */
        public void add(String lineFile, long number, int transmittedPercent, boolean terminated, byte[] bytes, int off, int len) {
            if (count == 0) {
                file = lineFile;
                byte[] name = lineFile.getBytes(StandardCharsets.UTF_8);
                ensure(8 + name.length);
                putInt(name.length);
                System.arraycopy(name, 0, buf, size, name.length);
                size += name.length;
                countPosition = size;
                putInt(0);
            }
            ensure(LINE_HEADER + len);
            long n = number;
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (n >>> shift);
            }
            buf[size++] = (byte) transmittedPercent;
            buf[size++] = (byte) (terminated ? 1 : 0);
            putInt(len);
            System.arraycopy(bytes, off, buf, size, len);
            size += len;
            count++;
        }

        /** The payload built so far is {@code array()[0, size())}; valid until {@link #clear}. */
        public byte[] array() {
            int end = size;
            size = countPosition;
            putInt(count);
            size = end;
            return buf;
        }

        public int size() {
            return size;
        }

        public void clear() {
            size = 0;
            count = 0;
            file = null;
            if (buf.length > 2 * (TARGET_BYTES + 4096)) {
                buf = new byte[INITIAL_BYTES]; // a huge line grew it; don't keep that for the session
            }
        }

        private void putInt(int v) {
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }
}
