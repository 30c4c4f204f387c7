package io.jdtail.engine.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A sum of doubles kept exactly, as a short list of non-overlapping partials (Shewchuk's
 * algorithm, as Python's {@code math.fsum}). Its value is the correctly rounded exact sum, so it is
 * the same whatever order values and partial sums arrive in: plain {@code double} addition is not
 * associative, and partials merged in a different order printed a different last digit.
 */
final class ExactSum {

    private double[] partials = new double[4];
    private int size;

    void add(double x) {
        int kept = 0;
        for (int j = 0; j < size; j++) {
            double y = partials[j];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                partials[kept++] = lo;
            }
            x = hi;
        }
        if (kept == partials.length) {
            partials = Arrays.copyOf(partials, partials.length * 2);
        }
        partials[kept] = x;
        size = kept + 1;
    }

    void add(ExactSum other) {
        for (int i = 0; i < other.size; i++) {
            add(other.partials[i]);
        }
    }

    /** The exact sum rounded once to the nearest double (ties to even). */
    double value() {
        if (size == 0) {
            return 0.0;
        }
        int i = size - 1;
        double hi = partials[i];
        double lo = 0.0;
        while (i > 0) {
            double x = hi;
            double y = partials[--i];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        if (i > 0 && ((lo < 0 && partials[i - 1] < 0) || (lo > 0 && partials[i - 1] > 0))) {
            double y = lo * 2;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
        return hi;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(partials[i]);
        }
    }

    static ExactSum read(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 64) {
            throw new IOException("implausible number of sum partials " + n);
        }
        ExactSum s = new ExactSum();
        for (int i = 0; i < n; i++) {
            s.add(in.readDouble());
        }
        return s;
    }
}
