package io.jdtail.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code Server} section.
 *
 * @param sshBindAddress     {@code SSHBindAddress} (default 0.0.0.0)
 * @param hostKeyFile        {@code HostKeyFile}: generated on first start, kept afterwards (default cache/ssh_host_key)
 * @param maxConnections     {@code MaxConnections}: concurrent SSH connections (>= 1, default 10)
 * @param maxConcurrentCats  {@code MaxConcurrentCats}: concurrent read-once sessions (>= 1, default 2)
 * @param maxConcurrentTails {@code MaxConcurrentTails}: concurrent follow sessions (>= 1, default 50)
 * @param maxLineLength      {@code MaxLineLength}: bytes per line before it is split (1024-67108864, default 1 MiB)
 * @param mapreduceLogFormat {@code MapreduceLogFormat} (default "default")
 * @param permissions        {@code Permissions}
 * @param schedule           {@code Schedule[]}
 * @param continuous         {@code Continuous[]}
 * @param relay              {@code Relay}: this server relays requests to other dservers (default false); it then
 *                           makes its key pair ({@code <CacheDir>/job_identity}) at start
 * @param relayAllowFrom     {@code RelayAllowFrom}: the hosts or IP addresses whose relays this server accepts, when
 *                           their key is in {@code <CacheDir>/relays.authorized_keys} (default empty: no relay)
 * @param warmUp             {@code WarmUp}: at start, in the background, dserver serves a few requests over a small log
 *                           of its own to itself, so that its first client's request runs compiled code (default false: it
 *                           costs dserver about 7 MB of resident memory for good)
 */
public record ServerConfig(String sshBindAddress, String hostKeyFile, int maxConnections, int maxConcurrentCats,
                           int maxConcurrentTails, int maxLineLength, String mapreduceLogFormat,
                           Permissions permissions, List<ScheduleJob> schedule, List<ContinuousJob> continuous,
                           boolean relay, List<String> relayAllowFrom, boolean warmUp) {

    /**
     * {@code <CacheDir>/<RELAYS_KEYS_NAME>.authorized_keys} lists the public keys of the relays this server accepts
     * (with {@code RelayAllowFrom}); it is no user's or job's keys file, so no job may have this name.
     */
    public static final String RELAYS_KEYS_NAME = "relays";

    public static final int DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;
    public static final int MIN_MAX_LINE_LENGTH = 1024;
    public static final int MAX_MAX_LINE_LENGTH = 64 * 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(sshBindAddress, "sshBindAddress");
        Objects.requireNonNull(hostKeyFile, "hostKeyFile");
        Objects.requireNonNull(mapreduceLogFormat, "mapreduceLogFormat");
        Objects.requireNonNull(permissions, "permissions");
        schedule = List.copyOf(schedule);
        continuous = List.copyOf(continuous);
        relayAllowFrom = List.copyOf(relayAllowFrom);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", "cache/ssh_host_key", 10, 2, 50, DEFAULT_MAX_LINE_LENGTH, "default",
                Permissions.defaultPermissions(), List.of(), List.of(), false, List.of(), false);
    }

    public ServerConfig withHostKeyFile(String file) {
        return new ServerConfig(sshBindAddress, file, maxConnections, maxConcurrentCats, maxConcurrentTails,
                maxLineLength, mapreduceLogFormat, permissions, schedule, continuous, relay, relayAllowFrom, warmUp);
    }

    public ServerConfig withMaxConnections(int max) {
        return new ServerConfig(sshBindAddress, hostKeyFile, max, maxConcurrentCats, maxConcurrentTails,
                maxLineLength, mapreduceLogFormat, permissions, schedule, continuous, relay, relayAllowFrom, warmUp);
    }

    /** The same section with {@code WarmUp} set to {@code on}. */
    public ServerConfig withWarmUp(boolean on) {
        return new ServerConfig(sshBindAddress, hostKeyFile, maxConnections, maxConcurrentCats, maxConcurrentTails,
                maxLineLength, mapreduceLogFormat, permissions, schedule, continuous, relay, relayAllowFrom, on);
    }
}
