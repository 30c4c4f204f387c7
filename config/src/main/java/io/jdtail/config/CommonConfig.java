package io.jdtail.config;

import java.util.Objects;

/**
 * The {@code Common} section, shared by dserver and the clients.
 *
 * @param sshPort  {@code SSHPort}: the port dserver listens on and clients connect to (1-65535, default 2222)
 * @param logDir   {@code LogDir}: directory for log files (default {@code log})
 * @param cacheDir {@code CacheDir}: directory for {@code <user>.authorized_keys} files and other state (default {@code cache})
 * @param logLevel {@code LogLevel}: one of {@link #LOG_LEVELS}, lower case (default {@code info})
 */
public record CommonConfig(int sshPort, String logDir, String cacheDir, String logLevel) {

    public static final int DEFAULT_SSH_PORT = 2222;

    /** DTail's log levels, accepted case-insensitively and stored lower case. */
    public static final java.util.List<String> LOG_LEVELS = java.util.List.of(
            "none", "fatal", "error", "warn", "info", "default", "verbose", "debug", "devel", "trace", "all");

    public CommonConfig {
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(logLevel, "logLevel");
    }

    public static CommonConfig defaults() {
        return new CommonConfig(DEFAULT_SSH_PORT, "log", "cache", "info");
    }

    public CommonConfig withSshPort(int port) {
        return new CommonConfig(port, logDir, cacheDir, logLevel);
    }

    public CommonConfig withCacheDir(String dir) {
        return new CommonConfig(sshPort, logDir, dir, logLevel);
    }
}
