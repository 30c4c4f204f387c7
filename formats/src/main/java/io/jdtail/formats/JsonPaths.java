package io.jdtail.formats;

import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The barewords of a query as a tree of path segments: {@code http.status} and {@code http.path} share the
 * node {@code http}, so the {@code json} format descends into a line's object or array only where a
 * referenced path leads and skips every other value without reading it into anything.
 */
final class JsonPaths {

    private static final JsonPaths[] NONE = new JsonPaths[0];

    private final byte[] segment;
    /** The segment's first eight bytes (or fewer) as {@link Bytes#bytesAt} packs them: most keys match by this alone. */
    private final long prefix;
    /** The segment as an array index ("0", "12"; not "01"), or -1. */
    private final int index;
    private int slot = -1;
    private JsonPaths[] children = NONE;
    /** This node's slot and its descendants' slots: what a later equal key must make absent first. */
    private int[] subtreeSlots = new int[0];
    /** How the last line wrote this object's keys (used only where this node is an object with referenced members). */
    private final LastKeys<JsonPaths> lastKeys = new LastKeys<>();

    private JsonPaths(byte[] segment) {
        this.segment = segment;
        this.prefix = Bytes.bytesAt(segment, 0, Math.min(8, segment.length));
        this.index = arrayIndex(segment);
    }

    /** The tree of every bareword of the layout, split at '.'; null when the query references none. */
    static JsonPaths of(RowLayout layout) {
        JsonPaths root = new JsonPaths(new byte[0]);
        boolean any = false;
        for (int s = 0; s < layout.size(); s++) {
            String name = layout.name(s);
            if (name.startsWith("$") || name.equals("*")) {
                continue;
            }
            JsonPaths node = root;
            for (String segment : name.split("\\.", -1)) {
                node = node.child(segment.getBytes(StandardCharsets.UTF_8));
            }
            node.slot = s;
            any = true;
        }
        root.collectSlots();
        return any ? root : null;
    }

    private JsonPaths child(byte[] name) {
        for (JsonPaths c : children) {
            if (Arrays.equals(c.segment, name)) {
                return c;
            }
        }
        JsonPaths c = new JsonPaths(name);
        children = Arrays.copyOf(children, children.length + 1);
        children[children.length - 1] = c;
        return c;
    }

    private int[] collectSlots() {
        List<Integer> all = new ArrayList<>();
        if (slot >= 0) {
            all.add(slot);
        }
        for (JsonPaths c : children) {
            for (int s : c.collectSlots()) {
                all.add(s);
            }
        }
        subtreeSlots = all.stream().mapToInt(Integer::intValue).toArray();
        return subtreeSlots;
    }

    private static int arrayIndex(byte[] segment) {
        if (segment.length == 0 || segment.length > 9 || (segment[0] == '0' && segment.length > 1)) {
            return -1;
        }
        int v = 0;
        for (byte b : segment) {
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    int slot() {
        return slot;
    }

    LastKeys<JsonPaths> lastKeys() {
        return lastKeys;
    }

    boolean hasChildren() {
        return children.length > 0;
    }

    /**
     * The child named by the key {@code buf[off, off+len)} (raw, without escapes), or null. Every key of every line
     * comes here, most of them named by no path: a key's first eight bytes, packed into a long once, are compared with
     * each child's (a load and a compare, where comparing arrays is a call per child of the key's length); only a
     * key longer than eight bytes whose first eight match compares its rest.
     */
    JsonPaths childByKey(byte[] buf, int off, int len) {
        long first = Bytes.bytesAt(buf, off, Math.min(8, len));
        for (JsonPaths c : children) {
            if (c.prefix == first && c.segment.length == len
                    && (len <= 8 || Arrays.equals(c.segment, 8, len, buf, off + 8, off + len))) {
                return c;
            }
        }
        return null;
    }

    /** The child naming array element {@code i}, or null. */
    JsonPaths childByIndex(int i) {
        for (JsonPaths c : children) {
            if (c.index == i) {
                return c;
            }
        }
        return null;
    }

    /** Forgets what an earlier equal key stored here or below. */
    void unsetAll(Row row) {
        for (int s : subtreeSlots) {
            row.unset(s);
        }
    }
}
