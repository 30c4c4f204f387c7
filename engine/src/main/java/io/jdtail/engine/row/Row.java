package io.jdtail.engine.row;

import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field values of the line being processed, one slot per field of a {@link RowLayout}. A slot
 * holds a range of bytes: usually of the line itself (set by formats, no copy); values computed by
 * {@code set} are encoded once. One Row is reused for every line of a reader thread.
 */
public final class Row {

    private final RowLayout layout;
    private final byte[][] buffers;
    private final int[] offsets;
    private final int[] lengths;
    private final String[] texts;
    private long ordinal;

    public Row(RowLayout layout) {
        this.layout = layout;
        int n = layout.size();
        buffers = new byte[n][];
        offsets = new int[n];
        lengths = new int[n];
        texts = new String[n];
    }

    public RowLayout layout() {
        return layout;
    }

    /** Forgets all values; called before each line. */
    public void clear() {
        Arrays.fill(buffers, null);
        Arrays.fill(texts, null);
    }

    /** Position of the line in its input; {@code last()} keeps the value with the highest ordinal. */
    public long ordinal() {
        return ordinal;
    }

    public void ordinal(long ordinal) {
        this.ordinal = ordinal;
    }

    public void setBytes(int slot, byte[] buf, int off, int len) {
        if (slot < 0) {
            return;
        }
        buffers[slot] = buf;
        offsets[slot] = off;
        lengths[slot] = len;
        texts[slot] = null;
    }

    public void setText(int slot, String value) {
        if (slot < 0) {
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        buffers[slot] = b;
        offsets[slot] = 0;
        lengths[slot] = b.length;
        texts[slot] = value;
    }

    /** Makes the value absent again (a format whose later key replaces an earlier one with nothing). */
    public void unset(int slot) {
        if (slot >= 0) {
            buffers[slot] = null;
            texts[slot] = null;
        }
    }

    public boolean has(int slot) {
        return buffers[slot] != null;
    }

    /** The value as a string (decoded from UTF-8 once per line); null when absent. */
    public String text(int slot) {
        byte[] buf = buffers[slot];
        if (buf == null) {
            return null;
        }
        String t = texts[slot];
        if (t == null) {
            t = new String(buf, offsets[slot], lengths[slot], StandardCharsets.UTF_8);
            texts[slot] = t;
        }
        return t;
    }

    /** The value as a number, or NaN when absent or not numeric. */
    public double number(int slot) {
        byte[] buf = buffers[slot];
        return buf == null ? Double.NaN : Numbers.parse(buf, offsets[slot], lengths[slot]);
    }

    /** Length of the value in bytes; -1 when absent. */
    public int byteLength(int slot) {
        return buffers[slot] == null ? -1 : lengths[slot];
    }

    /**
     * The array holding the value, null when absent: the value is {@code buffer(slot)[offset(slot), offset(slot) +
     * byteLength(slot))}, read in place (often the line itself, so it must not be changed or kept).
     */
    public byte[] buffer(int slot) {
        return buffers[slot];
    }

    /** Where the value starts in {@link #buffer}. */
    public int offset(int slot) {
        return offsets[slot];
    }

    /** Copies the value's bytes to {@code dst[at...]}; the caller made room for {@link #byteLength}. */
    public void copyBytes(int slot, byte[] dst, int at) {
        System.arraycopy(buffers[slot], offsets[slot], dst, at, lengths[slot]);
    }

    /** Unsigned comparison of the value's bytes with {@code other[off, off+len)}. */
    public int compareBytes(int slot, byte[] other, int off, int len) {
        return Arrays.compareUnsigned(buffers[slot], offsets[slot], offsets[slot] + lengths[slot], other, off, off + len);
    }

    /** True when the value's bytes equal {@code expected} (no decoding). */
    public boolean bytesEqual(int slot, byte[] expected) {
        byte[] buf = buffers[slot];
        return buf != null && lengths[slot] == expected.length
                && Arrays.equals(buf, offsets[slot], offsets[slot] + lengths[slot], expected, 0, expected.length);
    }

    /**
     * Encodes the values of {@code slots} into {@code key} (reused between lines) as the group key:
     * per slot a presence byte, a 4-byte length and the bytes. Returns the key's length.
     */
    public int encodeKey(int[] slots, KeyBuffer key) {
        int need = 0;
        for (int s : slots) {
            need += 5 + Math.max(0, byteLength(s));
        }
        byte[] b = key.ensure(need);
        int p = 0;
        for (int s : slots) {
            byte[] buf = buffers[s];
            if (buf == null) {
                b[p++] = 0;
                continue;
            }
            int n = lengths[s];
            b[p++] = 1;
            Bytes.putInt(b, p, n);
            p += 4;
            System.arraycopy(buf, offsets[s], b, p, n);
            p += n;
        }
        return p;
    }

    /** A growable scratch buffer for group keys, one per reader thread. */
    public static final class KeyBuffer {
        private byte[] bytes = new byte[256];

        byte[] ensure(int n) {
            if (bytes.length < n) {
                bytes = new byte[Math.max(n, bytes.length * 2)];
            }
            return bytes;
        }

        public byte[] bytes() {
            return bytes;
        }
    }
}
