package io.jdtail.engine.aggregate;

import io.jdtail.engine.source.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A map from group key to a row of mergeable aggregate states, plus the counters of the lines
 * that made it. It is both the table a reader thread aggregates into (lookups by a key in a reused
 * buffer, no allocation for existing groups) and what servers send and clients merge.
 */
public final class PartialAggregate {

    /** The aggregate of each column; partials are compatible when their wire tags agree. */
    private final List<Aggregate> kinds;
    private byte[][] keys;
    private int[] hashes;
    private AggregateState[][] rows;
    /** Insertion order of the occupied table positions, for stable iteration. */
    private int[] order;
    private int size;
    private final Counters counters = new Counters();

    public PartialAggregate(List<Aggregate> kinds) {
        this.kinds = List.copyOf(kinds);
        allocate(64);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        rows = new AggregateState[capacity][];
        order = new int[capacity];
    }

    public List<Aggregate> kinds() {
        return kinds;
    }

    public Counters counters() {
        return counters;
    }

    public int groups() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0 && counters.isZero();
    }

    /** The states of the group whose key is {@code key[0, len)}, created on first sight. */
    public AggregateState[] row(byte[] key, int len) {
        int h = hash(key, len);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return insert(i, Arrays.copyOf(key, len), h, null);
            }
            if (hashes[i] == h && k.length == len && Arrays.equals(k, 0, len, key, 0, len)) {
                return rows[i];
            }
        }
    }

    private AggregateState[] insert(int slot, byte[] key, int hash, AggregateState[] states) {
        if (states == null) {
            states = new AggregateState[kinds.size()];
            for (int j = 0; j < states.length; j++) {
                states[j] = kinds.get(j).newState();
            }
        }
        keys[slot] = key;
        hashes[slot] = hash;
        rows[slot] = states;
        order[size++] = slot;
        if (size * 2 > keys.length) {
            grow();
            return findExisting(key, hash);
        }
        return states;
    }

    private AggregateState[] findExisting(byte[] key, int h) {
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            if (hashes[i] == h && Arrays.equals(keys[i], key)) {
                return rows[i];
            }
        }
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        AggregateState[][] oldRows = rows;
        int[] oldOrder = order;
        int n = size;
        allocate(oldKeys.length * 2);
        size = 0;
        int mask = keys.length - 1;
        for (int o = 0; o < n; o++) {
            int from = oldOrder[o];
            int i = oldHashes[from] & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = oldKeys[from];
            hashes[i] = oldHashes[from];
            rows[i] = oldRows[from];
            order[size++] = i;
        }
    }

    /** Adds a group with ready states (used when decoding); merges if the key is already there. */
    public void put(byte[] key, AggregateState[] states) {
        checkKinds(states);
        int h = hash(key, key.length);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                insert(i, key, h, states);
                return;
            }
            if (hashes[i] == h && Arrays.equals(k, key)) {
                mergeRow(rows[i], states);
                return;
            }
        }
    }

    /** Folds another partial of the same query into this one. {@code other} must not be used afterwards. */
    public void merge(PartialAggregate other) {
        if (!tags(other.kinds).equals(tags(kinds))) {
            throw new IllegalArgumentException("partials of different queries: " + other.kinds + " vs " + kinds);
        }
        for (int o = 0; o < other.size; o++) {
            int i = other.order[o];
            put(other.keys[i], other.rows[i]);
        }
        counters.add(other.counters);
    }

    private void mergeRow(AggregateState[] into, AggregateState[] from) {
        for (int j = 0; j < into.length; j++) {
            into[j].merge(from[j]);
        }
    }

    private void checkKinds(AggregateState[] states) {
        if (states.length != kinds.size()) {
            throw new IllegalArgumentException("expected " + kinds.size() + " states, got " + states.length);
        }
        for (int j = 0; j < states.length; j++) {
            if (states[j].kind().wireTag() != kinds.get(j).wireTag()) {
                throw new IllegalArgumentException("state " + j + " is " + states[j].kind() + ", expected " + kinds.get(j));
            }
        }
    }

    private static List<Integer> tags(List<Aggregate> kinds) {
        return kinds.stream().map(Aggregate::wireTag).toList();
    }

    /** Visits groups in insertion order. */
    public void forEach(GroupVisitor visitor) {
        for (int o = 0; o < size; o++) {
            int i = order[o];
            visitor.visit(keys[i], rows[i]);
        }
    }

    @FunctionalInterface
    public interface GroupVisitor {
        void visit(byte[] key, AggregateState[] states);
    }

    /** The group-by values of an encoded key, null for an absent field. */
    public static List<String> decodeKey(byte[] key) {
        List<String> parts = new ArrayList<>();
        int p = 0;
        while (p < key.length) {
            if (key[p++] == 0) {
                parts.add(null);
                continue;
            }
            int n = Bytes.getInt(key, p);
            p += 4;
            parts.add(new String(key, p, n, StandardCharsets.UTF_8));
            p += n;
        }
        return parts;
    }

    private static int hash(byte[] key, int len) {
        int h = 0x9747b28c;
        for (int i = 0; i < len; i++) {
            h = 31 * h + key[i];
        }
        return h ^ (h >>> 16);
    }

    /** How many lines went into a partial and what became of them; mergeable by addition. */
    public static final class Counters {
        /** Lines that reached the aggregation. */
        public long lines;
        /** Lines the log format accepted and that passed the where clause. */
        public long rows;
        /** Lines the format could not read (wrong field count, ...). */
        public long malformed;
        /** Rows with a value that a numeric aggregation could not use (not a number). */
        public long unusableValues;

        public void add(Counters o) {
            lines += o.lines;
            rows += o.rows;
            malformed += o.malformed;
            unusableValues += o.unusableValues;
        }

        boolean isZero() {
            return lines == 0 && rows == 0 && malformed == 0 && unusableValues == 0;
        }
    }
}
