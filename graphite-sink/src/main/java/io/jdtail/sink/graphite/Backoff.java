package io.jdtail.sink.graphite;

import java.time.Duration;

/**
 * How long the sender waits before its next connection attempt: 100 ms after the first failure,
 * doubling after each further one up to 10 s, back to the start once connected.
 */
record Backoff(Duration delay) {

    static final Duration MIN = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(10);

    static Backoff initial() {
        return new Backoff(MIN);
    }

    Backoff next() {
        Duration doubled = delay.multipliedBy(2);
        return new Backoff(doubled.compareTo(MAX) > 0 ? MAX : doubled);
    }
}
