package io.jdtail.config;

import java.util.Map;

/**
 * The {@code Client} section, which the clients read with {@code --cfg}; it is kept loosely so that a DTail
 * {@code dtail.json} still loads.
 *
 * @param termColorsEnable {@code TermColorsEnable} (default true): false turns the clients' colours off, as
 *                         {@code --noColor} does
 * @param termColors       DTail's {@code TermColors} tree, kept as read (immutable maps, lists and scalars);
 *                         jdtail does not use it
 */
public record ClientConfig(boolean termColorsEnable, Map<String, Object> termColors) {

    public ClientConfig {
        termColors = Map.copyOf(termColors);
    }

    public static ClientConfig defaults() {
        return new ClientConfig(true, Map.of());
    }
}
