package io.jdtail.engine.row;

import io.jdtail.engine.source.Bytes;
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
    /** Each bare name's first eight bytes (or fewer) as {@link Bytes#bytesAt} packs them. */
    private final long[] barePrefixes;
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
        this.barePrefixes = new long[bareNames.length];
        for (int i = 0; i < bareNames.length; i++) {
            barePrefixes[i] = Bytes.bytesAt(bareNames[i], 0, Math.min(8, bareNames[i].length));
        }
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
        // the key's first eight bytes packed into a long once, compared with each name's: a load and a compare per
        // name where comparing arrays is a call per name of the key's length; a longer key compares its rest too
        long first = Bytes.bytesAt(buf, off, Math.min(8, len));
        for (int i = 0; i < bareNames.length; i++) {
            byte[] name = bareNames[i];
            if (barePrefixes[i] == first && name.length == len
                    && (len <= 8 || java.util.Arrays.equals(name, 8, len, buf, off + 8, off + len))) {
                return bareSlots[i];
            }
        }
        return -1;
    }
}
