package io.jdtail.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach servers.
 *
 * @param user               user name sent to servers
 * @param keys               private key files to offer, after the ssh-agent's keys
 * @param agentSocket        the ssh-agent's socket ({@code SSH_AUTH_SOCK}) whose keys are offered first; empty = no agent
 * @param knownHosts         the known_hosts file
 * @param trustAllHosts      accept unknown host keys without asking (and record them)
 * @param connectionsAtOnce  sessions being opened at the same time (the rest wait their turn)
 * @param connectTimeout     bound of every wait while connecting, authenticating (ssh-agent requests too) and opening
 * @param sessionTimeout     how long a read-once session may run before it is ended; zero = no limit
 * @param keepAliveTimeout   a server that answers no SSH keep-alive for this long is reported as not responding
 *                           and its session ended (a frozen host, a dead network path); zero = never
 */
public record RemoteSettings(String user, List<Path> keys, Optional<Path> agentSocket, Path knownHosts, boolean trustAllHosts,
                             int connectionsAtOnce, Duration connectTimeout, Duration sessionTimeout,
                             Duration keepAliveTimeout) {

    /** How long a server may stay silent unless told otherwise ({@code --keepAliveTimeout}). */
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(30);

    public RemoteSettings {
        keys = List.copyOf(keys);
        Objects.requireNonNull(agentSocket, "agentSocket");
        if (connectionsAtOnce < 1) {
            throw new IllegalArgumentException("connectionsAtOnce must be at least 1");
        }
        if (keepAliveTimeout.isNegative()) {
            throw new IllegalArgumentException("keepAliveTimeout must not be negative");
        }
    }

    /** Settings with the default keep-alive timeout. */
    public RemoteSettings(String user, List<Path> keys, Optional<Path> agentSocket, Path knownHosts, boolean trustAllHosts,
                          int connectionsAtOnce, Duration connectTimeout, Duration sessionTimeout) {
        this(user, keys, agentSocket, knownHosts, trustAllHosts, connectionsAtOnce, connectTimeout, sessionTimeout,
                DEFAULT_KEEP_ALIVE_TIMEOUT);
    }

    /** Settings that offer the key files only, no ssh-agent. */
    public RemoteSettings(String user, List<Path> keys, Path knownHosts, boolean trustAllHosts, int connectionsAtOnce,
                          Duration connectTimeout, Duration sessionTimeout) {
        this(user, keys, Optional.empty(), knownHosts, trustAllHosts, connectionsAtOnce, connectTimeout, sessionTimeout);
    }
}
