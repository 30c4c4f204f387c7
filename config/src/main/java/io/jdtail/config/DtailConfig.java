package io.jdtail.config;

import java.util.Objects;

/** A whole {@code dtail.json}: sections {@code Common}, {@code Server} and {@code Client}. Immutable. */
public record DtailConfig(CommonConfig common, ServerConfig server, ClientConfig client) {

    public DtailConfig {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
    }

    /** The built-in defaults ({@code --cfg none}). */
    public static DtailConfig defaults() {
        return new DtailConfig(CommonConfig.defaults(), ServerConfig.defaults(), ClientConfig.defaults());
    }

    public DtailConfig withCommon(CommonConfig c) {
        return new DtailConfig(c, server, client);
    }

    public DtailConfig withServer(ServerConfig s) {
        return new DtailConfig(common, s, client);
    }
}
