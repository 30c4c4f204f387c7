package io.jdtail.formats;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.engine.source.Bytes;

/** One {@code key=value} field of a pipe-separated line ({@code default} and {@code generickv} formats). */
final class KeyValueField {

    private KeyValueField() {
    }

    /**
     * Stores the value of the field {@code buf[from, to)} in the slot of the bareword named by its
     * key, when the query references that key (the value may contain '='; the key ends at the first).
     * Returns false when the field has no '=' at all.
     */
    static boolean store(byte[] buf, int from, int to, RowLayout layout, Row row) {
        return store(buf, from, to, layout, row, null, 0);
    }

    /**
     * As {@link #store(byte[], int, int, RowLayout, Row)}, the field being key {@code m} of its line: its
     * {@code key=} and slot are remembered in {@code keys} (when not null) for the next line's key {@code m}.
     */
    static boolean store(byte[] buf, int from, int to, RowLayout layout, Row row, LastKeys<Integer> keys, int m) {
        int eq = Bytes.indexOf(buf, from, to, (byte) '=');
        if (eq < 0) {
            return false;
        }
        int slot = layout.bareSlotOf(buf, from, eq - from);
        if (slot >= 0) {
            row.setBytes(slot, buf, eq + 1, to - eq - 1);
        }
        if (keys != null) {
            keys.remember(m, buf, from, eq + 1 - from, slot);
        }
        return true;
    }
}
