package io.jdtail.ast;

import java.time.Duration;

/** How often interim results are produced. */
public record Interval(Duration duration) {

    public Interval {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    /** The interval as a query writes it: whole seconds as {@code 60s}, otherwise milliseconds. */
    public String text() {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
