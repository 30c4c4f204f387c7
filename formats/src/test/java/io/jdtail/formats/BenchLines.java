package io.jdtail.formats;

/** The lines of a file in memory, found once before timing, so that a parser bench times only the parser. */
record BenchLines(byte[] data, int[] offsets, int[] lengths) {

    static BenchLines of(byte[] data) {
        int n = 0;
        for (byte b : data) {
            if (b == '\n') {
                n++;
            }
        }
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        for (int i = 0, k = 0, start = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                offsets[k] = start;
                lengths[k++] = i - start;
                start = i + 1;
            }
        }
        return new BenchLines(data, offsets, lengths);
    }

    int count() {
        return offsets.length;
    }
}
