package io.jdtail.server.ssh;

import io.jdtail.server.permission.SystemUserDirectory;
import io.jdtail.server.permission.UserDirectory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Run-time settings of a {@link Dserver} that are not part of {@code dtail.json}: command-line overrides and
 * timeouts.
 *
 * @param bindAddress       overrides {@code Server.SSHBindAddress} ({@code --bindAddress})
 * @param port              overrides {@code Common.SSHPort} ({@code --port}); 0 = any free port
 * @param authTimeout       a connection must authenticate within this time (default 10 s)
 * @param preAuthLimits     unauthenticated connections at once, in all and per source address
 * @param idleTimeout       an authenticated connection without an open channel is closed after this time
 *                          (default 60 s); while a jdtail channel is open, the session handler owns liveness
 * @param heartbeatInterval the server sends each authenticated connection an SSH keep-alive request
 *                          ({@code keepalive@openssh.com} with want-reply; any reply, success or failure,
 *                          counts) this often and closes the connection after {@code heartbeatMaxMissed}
 *                          unanswered ones in a row, logging why (dead clients in quiet follow sessions,
 *                          half-open TCP); zero disables (default 30 s)
 * @param heartbeatMaxMissed see {@code heartbeatInterval} (default 4)
 * @param backlog           listen backlog for fan-in of many clients at once (default 1024)
 * @param windowWait        a write that found the client's window full for this long is counted and logged, and
 *                          waits again: a read-once request waits for a slow reader ({@code dcat | less}) as long
 *                          as its session is open (default 30 s)
 * @param users             where uids, groups and home directories come from
 * @param stopGrace         how long {@link Dserver#stop()} waits in all for open channels to end before it closes
 *                          every connection at once (default 2 s)
 */
public record DserverOptions(Optional<String> bindAddress, OptionalInt port, Duration authTimeout, PreAuthLimits preAuthLimits,
                             Duration idleTimeout, Duration heartbeatInterval, int heartbeatMaxMissed, int backlog,
                             Duration windowWait, UserDirectory users, Duration stopGrace) {

    public DserverOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(port, "port");
        requirePositive(authTimeout, "authTimeout");
        Objects.requireNonNull(preAuthLimits, "preAuthLimits");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(windowWait, "windowWait");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("heartbeatInterval must not be negative");
        }
        if (heartbeatMaxMissed < 1) {
            throw new IllegalArgumentException("heartbeatMaxMissed must be >= 1");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1");
        }
        Objects.requireNonNull(users, "users");
        requirePositive(stopGrace, "stopGrace");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port out of range: " + port.getAsInt());
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static DserverOptions defaults() {
        return new DserverOptions(Optional.empty(), OptionalInt.empty(), Duration.ofSeconds(10), PreAuthLimits.DEFAULTS,
                Duration.ofSeconds(60), Duration.ofSeconds(30), 4, 1024, Duration.ofSeconds(30), new SystemUserDirectory(),
                Duration.ofSeconds(2));
    }

    public DserverOptions withBindAddress(String address) {
        return with(c -> c.bindAddress = Optional.of(address));
    }

    public DserverOptions withPort(int p) {
        return with(c -> c.port = OptionalInt.of(p));
    }

    public DserverOptions withAuthTimeout(Duration d) {
        return with(c -> c.authTimeout = d);
    }

    public DserverOptions withIdleTimeout(Duration d) {
        return with(c -> c.idleTimeout = d);
    }

    public DserverOptions withHeartbeat(Duration interval, int maxMissed) {
        return with(c -> {
            c.heartbeatInterval = interval;
            c.heartbeatMaxMissed = maxMissed;
        });
    }

    public DserverOptions withWindowWait(Duration d) {
        return with(c -> c.windowWait = d);
    }

    public DserverOptions withPreAuthLimits(PreAuthLimits limits) {
        return with(c -> c.preAuthLimits = limits);
    }

    public DserverOptions withUsers(UserDirectory u) {
        return with(c -> c.users = u);
    }

    public DserverOptions withStopGrace(Duration d) {
        return with(c -> c.stopGrace = d);
    }

    /** A copy with {@code change} applied: the one place (besides {@link Copy}) that lists every component. */
    private DserverOptions with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new DserverOptions(c.bindAddress, c.port, c.authTimeout, c.preAuthLimits, c.idleTimeout,
                c.heartbeatInterval, c.heartbeatMaxMissed, c.backlog, c.windowWait, c.users, c.stopGrace);
    }

    /** The components while a copy is being changed; checked by the canonical constructor when it is made. */
    private static final class Copy {
        Optional<String> bindAddress;
        OptionalInt port;
        Duration authTimeout;
        PreAuthLimits preAuthLimits;
        Duration idleTimeout;
        Duration heartbeatInterval;
        int heartbeatMaxMissed;
        int backlog;
        Duration windowWait;
        UserDirectory users;
        Duration stopGrace;

        Copy(DserverOptions o) {
            bindAddress = o.bindAddress;
            port = o.port;
            authTimeout = o.authTimeout;
            preAuthLimits = o.preAuthLimits;
            idleTimeout = o.idleTimeout;
            heartbeatInterval = o.heartbeatInterval;
            heartbeatMaxMissed = o.heartbeatMaxMissed;
            backlog = o.backlog;
            windowWait = o.windowWait;
            users = o.users;
            stopGrace = o.stopGrace;
        }
    }
}
