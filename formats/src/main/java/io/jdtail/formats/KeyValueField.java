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
        int eq = Bytes.indexOf(buf, from, to, (byte) '=');
        if (eq < 0) {
            return false;
        }
        int slot = layout.bareSlotOf(buf, from, eq - from);
        if (slot >= 0) {
            row.setBytes(slot, buf, eq + 1, to - eq - 1);
        }
        return true;
    }
}
