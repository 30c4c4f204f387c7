package io.jdtail.engine.row;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field values of the line being processed, one slot per field of a {@link RowLayout}. A slot
 * holds either a range of the line's bytes (set by formats, no copy) or a string (set by
 * {@code set} assignments and variables). One Row is reused for every line of a reader thread.
 */
public final class Row {

    private final RowLayout layout;
    private final byte[][] buffers;
    private final int[] offsets;
    private final int[] lengths;
    private final String[] texts;
    private final boolean[] present;
    private long ordinal;

    public Row(RowLayout layout) {
        this.layout = layout;
        int n = layout.size();
        buffers = new byte[n][];
        offsets = new int[n];
        lengths = new int[n];
        texts = new String[n];
        present = new boolean[n];
    }

    public RowLayout layout() {
        return layout;
    }

    /** Forgets all values; called before each line. */
    public void clear() {
        Arrays.fill(present, false);
        Arrays.fill(texts, null);
        Arrays.fill(buffers, null);
    }

    /** Position of the line in its stream; {@code last()} keeps the value with the highest ordinal. */
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
        present[slot] = true;
    }

    public void setText(int slot, String value) {
        if (slot < 0) {
            return;
        }
        buffers[slot] = null;
        texts[slot] = value;
        present[slot] = true;
    }

    public boolean has(int slot) {
        return present[slot];
    }

    /** The value as a string (decoded from UTF-8 once and kept); null when absent. */
    public String text(int slot) {
        if (!present[slot]) {
            return null;
        }
        String t = texts[slot];
        if (t == null) {
            t = new String(buffers[slot], offsets[slot], lengths[slot], StandardCharsets.UTF_8);
            texts[slot] = t;
        }
        return t;
    }

    /** Length of the value in characters; -1 when absent. */
    public int length(int slot) {
        return present[slot] ? text(slot).length() : -1;
    }

    /** The value as a number, or NaN when absent or not numeric. */
    public double number(int slot) {
        if (!present[slot]) {
            return Double.NaN;
        }
        byte[] buf = buffers[slot];
        if (buf != null) {
            return Numbers.parse(buf, offsets[slot], lengths[slot]);
        }
        return Numbers.parse(texts[slot]);
    }

    /** True when the value's bytes equal {@code expected} (no decoding). */
    public boolean bytesEqual(int slot, byte[] expected) {
        if (!present[slot]) {
            return false;
        }
        byte[] buf = buffers[slot];
        if (buf == null) {
            return Arrays.equals(texts[slot].getBytes(StandardCharsets.UTF_8), expected);
        }
        return lengths[slot] == expected.length
                && Arrays.equals(buf, offsets[slot], offsets[slot] + lengths[slot], expected, 0, expected.length);
    }
}
