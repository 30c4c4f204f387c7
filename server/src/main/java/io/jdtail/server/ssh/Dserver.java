package io.jdtail.server.ssh;

import io.jdtail.config.DtailConfig;
import io.jdtail.server.permission.FileAccessChecker;
import io.jdtail.server.permission.FileOpener;
import io.jdtail.ssh.security.SshSecurity;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * dserver's SSH endpoint (Apache MINA SSHD).
 *
 * <ul>
 *   <li>Public-key authentication only ({@link UserKeysAuthenticator}; for logins named like a job of this
 *       server, {@link JobLogins}; for keys listed as relays' keys, {@link RelayLogins}); no password, keyboard-interactive, GSSAPI or host-based authentication.</li>
 *   <li>One subsystem, {@value JdtailSubsystemFactory#NAME}; no shell, no exec, no SFTP/SCP, no TCP/IP
 *       forwarding either way, no agent or X11 forwarding.</li>
 *   <li>{@code Server.MaxConnections} authenticated connections: one more is disconnected with
 *       "too many connections (max N)"; the others carry on. Unauthenticated connections have limits of their
 *       own, in total and per source address ({@link ConnectionLimiter}).</li>
 *   <li>A connection must authenticate within {@link DserverOptions#authTimeout()}; an authenticated one
 *       with no open channel is closed after {@link DserverOptions#idleTimeout()}. Server heartbeats
 *       ({@link Heartbeats}) close connections whose client stopped answering (vanished).</li>
 *   <li>A client that reads slowly is waited for as long as its session is open ({@link WindowPacedOutput}).</li>
 * </ul>
 *
 * <p>Usable in-process: {@code Dserver.start(config, DserverOptions.defaults().withBindAddress("127.0.0.1")
 * .withPort(0), handler)}, then {@link #port()}, and {@link #stop()} (clean) or {@link #close()} (at once).
 */
public final class Dserver implements AutoCloseable {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Dserver.class);
    private static final int NIO2_READ_BUFFER = 8 * 1024;
    /** MINA needs a bound for a wait; this one outlasts any session. */
    private static final Duration AS_LONG_AS_THE_SESSION_LIVES = Duration.ofDays(365L * 100);

    private final ListeningServer sshd;
    private final DtailConfig config;
    private final DserverOptions options;
    private final ScheduledExecutorService timer;
    private final ConnectionLimiter limiter;
    private final PublicKey hostKey;
    private final LongAdder clientStalls;
    private final OpenChannels channels;
    private volatile boolean stopping;
    private final WarmUpLogin warmUp;

    private Dserver(ListeningServer sshd, DtailConfig config, DserverOptions options, ScheduledExecutorService timer,
                    ConnectionLimiter limiter, PublicKey hostKey, LongAdder clientStalls, OpenChannels channels,
                    WarmUpLogin warmUp) {
        this.channels = channels;
        this.clientStalls = clientStalls;
        this.warmUp = warmUp;
        this.sshd = sshd;
        this.config = config;
        this.options = options;
        this.timer = timer;
        this.limiter = limiter;
        this.hostKey = hostKey;
    }

    /** Starts with default options (bind address and port from the configuration). */
    public static Dserver start(DtailConfig config, SessionHandler handler) throws IOException {
        return start(config, DserverOptions.defaults(), handler);
    }

    /** Starts listening; returns once the port is bound. */
    public static Dserver start(DtailConfig config, DserverOptions options, SessionHandler handler)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");

        KeyPairProvider hostKeys = HostKeys.load(Path.of(config.server().hostKeyFile()));
        PublicKey hostPublic;
        try {
            KeyPair first = hostKeys.loadKeys(null).iterator().next();
            hostPublic = first.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the host key: " + e.getMessage(), e);
        }

        ListeningServer sshd = (ListeningServer) ServerBuilder.builder().factory(ListeningServer::new).build();
        sshd.setHost(options.bindAddress().orElse(config.server().sshBindAddress()));
        sshd.setPort(options.port().orElse(config.common().sshPort()));
        sshd.setKeyPairProvider(hostKeys);

        // Authentication: listed public keys only.
        sshd.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        ConnectionLimiter limiter = new ConnectionLimiter(config.server().maxConnections(), options.preAuthLimits());
        FileOpener opener;
        try {
            opener = FileOpener.shared();
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        UserKeysAuthenticator keys = new UserKeysAuthenticator(Path.of(config.common().cacheDir()), options.users(), opener);
        JobLogins jobs = new JobLogins(config, options.users(), PeerAddresses.Resolver.SYSTEM);
        RelayLogins relays = new RelayLogins(config, PeerAddresses.Resolver.SYSTEM);
        WarmUpLogin warmUp = WarmUpLogin.create(options.users().lookup(System.getProperty("user.name")));
        sshd.setPublickeyAuthenticator((user, key, session) ->
                authenticate(warmUp, jobs, relays, keys, user, key, session) && limiter.roomFor(session));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dserver-timer");
            t.setDaemon(true);
            return t;
        });

        // Only session channels, only the jdtail subsystem.
        LongAdder clientStalls = new LongAdder();
        sshd.setChannelFactories(List.of(new JdtailChannelSession.Factory(timer, options.idleTimeout(),
                options.windowWait(), clientStalls::increment, limiter::refusal)));
        sshd.setShellFactory(null);
        sshd.setCommandFactory(null);
        FileAccessChecker access = new FileAccessChecker(config.server().permissions(),
                jobs.fileAccessUsers(options.users()));
        sshd.setSubsystemFactories(List.of(new JdtailSubsystemFactory(handler, config, access, warmUp)));
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setAgentFactory(null);

        // Limits and timeouts.
        CoreModuleProperties.SOCKET_BACKLOG.set(sshd, options.backlog());
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, options.authTimeout());
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, Duration.ZERO);          // replaced by IdleWatchdog
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(sshd, Duration.ZERO);     // quiet follow sessions are fine
        CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(sshd, 16);
        // jdtail channels wait for the client's window themselves (WindowPacedOutput); MINA's own wait (stderr)
        // must not give up on a slow reader either: the heartbeats below find clients that are gone
        CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(sshd, AS_LONG_AS_THE_SESSION_LIVES);
        // Frames are batched before they are written, so a write is meant to leave at once. With
        // Nagle's algorithm the first frame after the greeting waited for the client's delayed ACK:
        // 40 ms on every request (a remote dcat of a 6-byte file: 45-49 ms from request to close, now 10 ms).
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        // what clients send is small (a request, window adjustments): no need for MINA's 32 KB per connection
        CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(sshd, NIO2_READ_BUFFER);

        sshd.addSessionListener(limiter);
        if (!options.heartbeatInterval().isZero()) {
            // not MINA's HEARTBEAT_* properties: only its client reads them, a server with them sends nothing
            sshd.addSessionListener(new Heartbeats(timer, options.heartbeatInterval(), options.heartbeatMaxMissed()));
        }
        IdleWatchdog idle = new IdleWatchdog(timer, options.idleTimeout());
        sshd.addSessionListener(idle);
        sshd.addChannelListener(idle);
        OpenChannels channels = new OpenChannels();
        sshd.addChannelListener(channels);

        try {
            sshd.start();
        } catch (IOException | RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
        Dserver server = new Dserver(sshd, config, options, timer, limiter, hostPublic, clientStalls, channels, warmUp);
        LOG.info("dserver listening on {} (max {} connections, {} unauthenticated ones, {} of them per address)",
                server.boundAddress(), config.server().maxConnections(), options.preAuthLimits().total(),
                options.preAuthLimits().perAddress());
        if (opener.opensAsUser()) {
            LOG.info("{}", opener.describe());
        } else {
            LOG.warn("{}", opener.describe());
        }
        return server;
    }

    /**
     * Which kind of login decides: dserver's own warm-up name is the warm-up's login ({@link WarmUpLogin}), a job's
     * name is a job login, else a key listed for relays is a relay login
     * (asserting {@code user}), else {@code user}'s own keys decide. The session is marked as relayed only by the
     * decision that lets it in (MINA asks again, with the signature, before it accepts a key).
     */
    private static boolean authenticate(WarmUpLogin warmUp, JobLogins jobs, RelayLogins relays, UserKeysAuthenticator keys,
                                        String user, PublicKey key, org.apache.sshd.server.session.ServerSession session) {
        if (session != null) {
            session.removeAttribute(RelayLogins.RELAYED_BY);
        }
        if (warmUp.isWarmUpLogin(user)) {
            return warmUp.authenticate(user, key, session);
        }
        if (jobs.isJobLogin(user)) {
            return jobs.authenticate(user, key, session);
        }
        if (relays.isRelayKey(key)) {
            return relays.authenticate(user, key, session);
        }
        return keys.authenticate(user, key, session);
    }

    /** The listening address (with the real port when started with port 0). */
    public InetSocketAddress boundAddress() {
        for (SocketAddress a : sshd.getBoundAddresses()) {
            if (a instanceof InetSocketAddress inet) {
                return inet;
            }
        }
        return new InetSocketAddress(sshd.getHost(), sshd.getPort());
    }

    /** The listening port. */
    public int port() {
        return boundAddress().getPort();
    }

    /** dserver's login to itself for its warm-up (accepts nothing until the warm-up expects its connection). */
    public WarmUpLogin warmUpLogin() {
        return warmUp;
    }

    /** The host's public key, as clients will see it. */
    public PublicKey hostPublicKey() {
        return hostKey;
    }

    /**
     * How often a write found a client's window full for a whole {@link DserverOptions#windowWait()} and went on
     * waiting (a client that reads slowly or not at all while its session lives).
     */
    public long clientStalls() {
        return clientStalls.sum();
    }

    /** Authenticated connections currently admitted (refused ones are not counted). */
    public int connectionCount() {
        return limiter.authenticatedCount();
    }

    /** Connections that have not authenticated yet. */
    public int unauthenticatedCount() {
        return limiter.unauthenticatedCount();
    }

    public DtailConfig config() {
        return config;
    }

    public DserverOptions options() {
        return options;
    }

    /** False once {@link #stop()} or {@link #close()} has begun. */
    public boolean isRunning() {
        return !stopping && sshd.isStarted();
    }

    /**
     * Stops cleanly (dserver's stop): stops listening, waits at most {@link DserverOptions#stopGrace()} for the open
     * channels to end, then {@link #close()}s. A handler's write returns once MINA has queued the bytes, and closing
     * a connection at once drops its queue: a follow's "dserver is restarting" notice, written just before, was lost
     * that way now and then. A channel has ended once the client answered its close, which comes after everything
     * the channel sent; requests told of the shutdown end on their own (a follow at once). A channel still open at
     * the end of the wait (a read-once request still running, a client that stopped reading) is cut.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            // a client reconnecting now is refused (and retries) instead of being served by a dserver that stops
            sshd.stopListening();
            stopping = true;
        }
        try {
            int open = channels.awaitNone(System.nanoTime() + options.stopGrace().toNanos());
            if (open > 0) {
                LOG.info("stopping: {} channel(s) still open after {} ms, closing them at once", open,
                        options.stopGrace().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Stops listening and closes every connection at once, dropping what MINA has not sent yet: to the clients it
     * looks like a crash. {@link #stop()} is the clean way.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            sshd.stop(true);
        } catch (IOException e) {
            LOG.warn("error while stopping dserver: {}", e.toString());
        } finally {
            timer.shutdownNow();
        }
    }

    /** MINA's server, able to stop listening while the connections it has go on. */
    private static final class ListeningServer extends SshServer {
        void stopListening() {
            IoAcceptor listening = acceptor;
            if (listening != null) {
                listening.unbind();
            }
        }
    }

    /**
     * Closes authenticated connections that have no open channel for {@code timeout}: after authentication,
     * and again whenever their last channel closes.
     */
    static final class IdleWatchdog implements SessionListener, ChannelListener {
        private final ScheduledExecutorService timer;
        private final Duration timeout;
        private final Map<Session, State> states = new ConcurrentHashMap<>();

        private static final class State {
            final AtomicInteger open = new AtomicInteger();
            final AtomicLong generation = new AtomicLong();
        }

        IdleWatchdog(ScheduledExecutorService timer, Duration timeout) {
            this.timer = timer;
            this.timeout = timeout;
        }

        @Override
        public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
                arm(session, states.computeIfAbsent(session, s -> new State()));
            }
        }

        @Override
        public void sessionClosed(Session session) {
            states.remove(session);
        }

        @Override
        public void channelOpenSuccess(Channel channel) {
            State st = states.computeIfAbsent(channel.getSession(), s -> new State());
            st.open.incrementAndGet();
            st.generation.incrementAndGet();
        }

        @Override
        public void channelClosed(Channel channel, Throwable reason) {
            Session session = channel.getSession();
            State st = states.get(session);
            if (st != null && st.open.decrementAndGet() <= 0) {
                st.open.set(0);
                arm(session, st);
            }
        }

        private void arm(Session session, State st) {
            long gen = st.generation.incrementAndGet();
            try {
                timer.schedule(() -> check(session, st, gen), timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // server stopping
            }
        }

        private void check(Session session, State st, long gen) {
            if (!session.isOpen()) {
                return;
            }
            if (st.generation.get() != gen || st.open.get() > 0) {
                // said so that a test can wait for this check instead of sleeping past the timeout
                LOG.debug("idle check of {}@{}: a channel was opened in time, the connection stays",
                        session.getUsername(), session.getRemoteAddress());
                return;
            }
            String reason = "idle: no jdtail channel opened within "
                    + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms");
            LOG.info("closing connection of {}@{}: {}", session.getUsername(), session.getRemoteAddress(), reason);
            try {
                session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, reason);
            } catch (IOException | RuntimeException e) {
                session.close(true);
            }
        }
    }
}
