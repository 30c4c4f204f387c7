package io.jdtail.engine.aggregate;

/** MurmurHash3's 64-bit finalizer, which the aggregates' open-addressing tables and sketch inputs share. */
final class Murmur3 {

    private Murmur3() {
    }

    /** Spreads every bit of {@code key} over all the others, the low bits (a table's index) included. */
    static long fmix64(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
