package io.jdtail.ast;

import java.util.Locale;
import java.util.Optional;

/** The aggregations the select list accepts. */
public enum AggregateFunction {
    COUNT, SUM, MIN, MAX, AVG, LAST, LEN;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AggregateFunction> byKeyword(String keyword) {
        for (AggregateFunction f : values()) {
            if (f.keyword().equalsIgnoreCase(keyword)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
