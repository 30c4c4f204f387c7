package io.jdtail.ast;

import java.time.Duration;

/** How often interim results are produced: more than nothing, at most {@link #MAX} (a day). */
public record Interval(Duration duration) {

    /**
     * The longest interval: a day. Intervals are for interim results and continuous jobs' figures;
     * a longer period is a scheduled job's. The bound also keeps every interval far from what a
     * {@link Duration} in nanoseconds can hold (about 292 years), which the readers and followers
     * compute with.
     */
    public static final Duration MAX = Duration.ofHours(24);

    public Interval {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("interval must be at most " + MAX.toHours() + "h");
        }
    }

    /** The interval as a query writes it: whole seconds as {@code 60s}, otherwise milliseconds. */
    public String text() {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
