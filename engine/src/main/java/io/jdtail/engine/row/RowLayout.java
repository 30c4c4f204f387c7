package io.jdtail.engine.row;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields one query references, each given a slot number. Formats look up the slots they can
 * fill once, when their parser is created, and fill only those: a field no query names is never
 * extracted.
 */
public final class RowLayout {

    private final List<String> names;
    private final byte[][] bareNames;
    private final int[] bareSlots;

    public RowLayout(List<String> fieldNames) {
        this.names = List.copyOf(fieldNames);
        List<byte[]> bare = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!n.startsWith("$") && !n.equals("*")) {
                bare.add(n.getBytes(StandardCharsets.UTF_8));
                slots.add(i);
            }
        }
        this.bareNames = bare.toArray(byte[][]::new);
        this.bareSlots = slots.stream().mapToInt(Integer::intValue).toArray();
    }

    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    public String name(int slot) {
        return names.get(slot);
    }

    /** Slot of a field ({@code "status"}, {@code "$time"}), or -1 when the query does not use it. */
    public int slotOf(String name) {
        return names.indexOf(name);
    }

    /** True when the query references at least one bareword (a field taken from the line). */
    public boolean hasBarewords() {
        return bareSlots.length > 0;
    }

    /**
     * Slot of the bareword whose name is the bytes {@code buf[off, off+len)}, or -1. Allocation
     * free, so formats can call it for every key of every line.
     */
    public int bareSlotOf(byte[] buf, int off, int len) {
        for (int i = 0; i < bareNames.length; i++) {
            byte[] name = bareNames[i];
            if (name.length == len && java.util.Arrays.equals(name, 0, len, buf, off, off + len)) {
                return bareSlots[i];
            }
        }
        return -1;
    }
}
