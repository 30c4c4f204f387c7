package io.jdtail.engine.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The two forms of a state that keeps values exactly up to a limit and then sketches them, as they
 * are sent: a form byte, then the exact values (the state's own layout) or the sketch's bytes with
 * their length. A peer's bytes are checked: an unknown form or an implausible length is an error.
 */
final class SketchForm {

    private static final byte EXACT = 0;
    private static final byte SKETCH = 1;

    private SketchForm() {
    }

    static void writeExact(DataOutput out) throws IOException {
        out.writeByte(EXACT);
    }

    static void writeSketch(DataOutput out, byte[] bytes, int length) throws IOException {
        out.writeByte(SKETCH);
        out.writeInt(length);
        out.write(bytes, 0, length);
    }

    /** Reads the form byte: true when exact values follow, false for a sketch ({@link #readSketch}). */
    static boolean readIsExact(DataInput in, String what) throws IOException {
        byte form = in.readByte();
        if (form != EXACT && form != SKETCH) {
            throw new IOException("unknown " + what + " state form " + form);
        }
        return form == EXACT;
    }

    static byte[] readSketch(DataInput in, int maxBytes, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > maxBytes) {
            throw new IOException("implausible " + what + " sketch length " + n);
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }
}
