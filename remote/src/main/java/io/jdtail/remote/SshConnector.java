package io.jdtail.remote;

import io.jdtail.ssh.security.SshSecurity;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The SSH side of a run: one MINA {@link SshClient} set up for jdtail servers (the keys to offer, the algorithms,
 * known_hosts, keep-alives that must be answered), the sessions it opened, why MINA ended any of them, and the
 * words for a server's failure. Connecting and authenticating are bounded by the connect timeout.
 */
final class SshConnector implements AutoCloseable {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    /**
     * A keep-alive is sent every sixth of {@link RemoteSettings#keepAliveTimeout}; MINA ends the session when
     * the next one would make more than {@link #UNANSWERED_KEEP_ALIVES} unanswered. A server that froze is
     * so noticed 4 to 5 intervals later (20-25 s of the default 30 s): within the timeout, with room for
     * scheduling delays, and one late answer alone ends no session.
     */
    private static final int KEEP_ALIVE_INTERVALS_PER_TIMEOUT = 6;
    private static final int UNANSWERED_KEEP_ALIVES = 4;
    /** Answered by every SSH server (OpenSSH answers it with a failure, which counts as an answer). */
    private static final String KEEP_ALIVE_REQUEST = "keepalive@openssh.com";

    private final RemoteSettings settings;
    private final HostKeyPolicy hostKeys;
    private final SshClient client;
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    /** Why MINA ended a session (keep-alives without answer, a reset), for the message of its server. */
    private final Map<Session, Throwable> sessionFailures = new ConcurrentHashMap<>();

    /** {@code warnings} hears client-level problems that fail no server (an ssh-agent that does not answer). */
    SshConnector(RemoteSettings settings, Consumer<String> warnings) throws IOException {
        this.settings = settings;
        ClientKeys keys = ClientKeys.resolve(settings, warnings);
        this.hostKeys = new HostKeyPolicy(settings.knownHosts(), settings.trustAllHosts());
        this.client = SshClient.setUpDefaultClient();
        ClientAlgorithms.apply(client);
        ClientPackets.apply(client);
        client.setServerKeyVerifier(hostKeys.verifier());
        keys.applyTo(client);
        Duration keepAlive = settings.keepAliveTimeout();
        if (!keepAlive.isZero()) {
            // keep-alives that must be answered: a server that stopped (kill -STOP, a hung host) keeps its TCP
            // connection open and would otherwise be waited for for ever
            CoreModuleProperties.HEARTBEAT_REQUEST.set(client, KEEP_ALIVE_REQUEST);
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepAlive.dividedBy(KEEP_ALIVE_INTERVALS_PER_TIMEOUT));
            CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, keepAlive);
            CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, UNANSWERED_KEEP_ALIVES);
        }
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionException(Session session, Throwable t) {
                sessionFailures.putIfAbsent(session, t);
            }
        });
        // what the client writes (the request, window adjustments, the close) is meant to leave at once,
        // not to wait for the server's delayed ACK (see dserver's Dserver)
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    /** The host keys known, met and refused in this run. */
    HostKeyPolicy hostKeys() {
        return hostKeys;
    }

    /** A session with {@code server}, authenticated as the settings' user. */
    ClientSession connect(ServerAddress server) throws IOException {
        Duration timeout = settings.connectTimeout();
        ConnectFuture future = client.connect(settings.user(), server.host(), server.port());
        ClientSession session = future.verify(timeout).getClientSession();
        sessions.add(session);
        session.auth().verify(timeout);
        return session;
    }

    /** Why MINA ended {@code session} (keep-alives without answer, a reset); null if it did not. */
    Throwable failureOf(Session session) {
        return sessionFailures.get(session);
    }

    /** Closes {@code session} at once and forgets it. */
    void forget(ClientSession session) {
        sessions.remove(session);
        session.close(true);
        sessionFailures.remove(session);
    }

    /** Why {@code server} failed, in words that say what to do. */
    String describe(ServerAddress server, Exception e) {
        if (hostKeys.keyChanged(server)) {
            return "the host key of " + server + " has CHANGED since it was recorded in " + settings.knownHosts()
                    + ": refusing to connect (possible man-in-the-middle). If the change is expected, remove the old entry.";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedAddressException) {
            return "the host name " + server.host() + " does not resolve (check the name, or the DNS or /etc/hosts)";
        }
        if (root instanceof ConnectException) {
            return "connection refused (is dserver running on port " + server.port() + "?)";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ServerProblem) {
            return message;
        }
        if (e instanceof SshException && message.contains("No more authentication methods")) {
            return "authentication failed: the server accepts none of the offered keys for user " + settings.user();
        }
        if (message.toLowerCase(Locale.ROOT).contains("timeout") || message.contains("timed out")) {
            return "no answer within " + settings.connectTimeout().toSeconds() + " s (" + message + ")";
        }
        return message;
    }

    @Override
    public void close() {
        sessions.forEach(s -> s.close(true));
        try {
            client.stop();
        } finally {
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Waits a little for sessions to close; for tests and shutdown. */
    void awaitClosed(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!sessions.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }
}
