package io.jdtail.ast;

import java.util.Locale;
import java.util.Optional;

/** Functions usable on the right of {@code set $v = ...}. */
public enum ScalarFunction {
    /** Hex MD5 of the value. */
    MD5SUM,
    /** The value with every digit replaced by {@code .}. */
    MASKDIGITS;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ScalarFunction> byKeyword(String keyword) {
        for (ScalarFunction f : values()) {
            if (f.keyword().equalsIgnoreCase(keyword)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
