package io.jdtail.clients.remote;

import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameReader;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.Handshake;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.engine.wire.ProtocolException;
import io.jdtail.ssh.security.SshSecurity;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Runs one request on many servers over SSH: one session and one {@code jdtail} subsystem channel
 * per server, all from one {@link SshClient}. At most {@code connectionsAtOnce} sessions are being
 * opened at a time; every wait is bounded. A failing server is reported with its reason and the
 * others carry on. In follow mode a lost session is reopened with backoff until the run stops.
 */
public final class RemoteRun implements AutoCloseable {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    /** Largest frame a server may send (a line is at most the server's MaxLineLength, 1 MiB by default). */
    public static final int MAX_FRAME = 64 << 20;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How often a reader waiting for frames looks at the stop signal and the deadline. */
    private static final long POLL_MILLIS = 50;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
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
    private final RemoteSink sink;
    private final HostPrompt prompt;
    private final HostKeyPolicy hostKeys;
    private final SshClient client;
    private final Semaphore window;
    private final Map<ServerAddress, String> failures = new ConcurrentHashMap<>();
    private final Set<ServerAddress> connected = ConcurrentHashMap.newKeySet();
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
    /** Why MINA ended a session (keep-alives without answer, a reset), for the message of its server. */
    private final Map<Session, Throwable> sessionFailures = new ConcurrentHashMap<>();
    private final LongAdder linesReceived = new LongAdder();
    private BiConsumer<ServerAddress, String> onFailure = (s, m) -> { };

    public RemoteRun(RemoteSettings settings, RemoteSink sink, HostPrompt prompt) throws IOException {
        this(settings, sink, prompt, warning -> { });
    }

    /** {@code warnings} hears client-level problems that fail no server (an ssh-agent that does not answer). */
    public RemoteRun(RemoteSettings settings, RemoteSink sink, HostPrompt prompt, Consumer<String> warnings) throws IOException {
        this.settings = settings;
        this.sink = sink;
        this.prompt = prompt;
        this.window = new Semaphore(settings.connectionsAtOnce());
        ClientKeys keys = ClientKeys.resolve(settings, warnings);
        this.hostKeys = new HostKeyPolicy(settings.knownHosts(), settings.trustAllHosts());
        this.client = SshClient.setUpDefaultClient();
        ClientAlgorithms.apply(client);
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

    /** Called (from session threads) whenever a server fails, also when it will be retried. */
    public RemoteRun onFailure(BiConsumer<ServerAddress, String> callback) {
        this.onFailure = callback;
        return this;
    }

    /** Servers with an open session right now. */
    public int connectedCount() {
        return connected.size();
    }

    /**
     * Runs {@code request} on all servers and returns when every session has ended (read-once modes)
     * or {@code stop} says so (follow). Returns the servers that failed, with the reason.
     */
    public Map<ServerAddress, String> run(List<ServerAddress> servers, PlanRequest request, BooleanSupplier stop)
            throws InterruptedException {
        boolean follow = request.mode() == PlanRequest.Mode.TAIL;
        CountDownLatch firstAttempts = new CountDownLatch(servers.size());
        List<Thread> threads = new ArrayList<>();
        for (ServerAddress server : servers) {
            threads.add(Thread.ofVirtual().name("jdtail-" + server).start(() -> serveOrFail(server, request, stop, follow, firstAttempts)));
        }
        firstAttempts.await();
        List<HostKeyPolicy.UnknownHost> unknown = new ArrayList<>(hostKeys.unknownHosts().values());
        if (!unknown.isEmpty()) {
            List<HostKeyPolicy.UnknownHost> trusted = prompt.ask(unknown);
            hostKeys.accept(trusted);
            hostKeys.forgetUnknown();
            Set<String> trustedNames = ConcurrentHashMap.newKeySet();
            trusted.forEach(t -> trustedNames.add(t.server()));
            for (ServerAddress server : servers) {
                if (trustedNames.contains(server.host() + ":" + server.port())) {
                    failures.remove(server);
                    threads.add(Thread.ofVirtual().name("jdtail-" + server)
                            .start(() -> serveOrFail(server, request, stop, follow, new CountDownLatch(1))));
                }
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        return Map.copyOf(failures);
    }

    /**
     * Serves one server; what kills its thread besides the failures {@link #serve} expects (an Error: a bug, exhausted
     * memory) is that server's failure too, so the command reports it and exits 1 instead of a result silently short
     * of a server.
     */
    private void serveOrFail(ServerAddress server, PlanRequest request, BooleanSupplier stop, boolean follow,
                             CountDownLatch firstAttempt) {
        AtomicBoolean attempted = new AtomicBoolean();
        Runnable firstAttemptDone = () -> {
            if (attempted.compareAndSet(false, true)) {
                firstAttempt.countDown();
            }
        };
        try {
            serve(server, request, stop, follow, firstAttemptDone);
        } catch (RuntimeException | Error e) {
            failures.put(server, "internal error: " + e);
            firstAttemptDone.run();
        }
    }

    private void serve(ServerAddress server, PlanRequest request, BooleanSupplier stop, boolean follow, Runnable firstAttemptDone) {
        long backoff = 250;
        while (true) {
            ClientSession session = null;
            try {
                FrameChannel channel;
                try {
                    session = connect(server);
                    channel = open(session);
                } finally {
                    firstAttemptDone.run();
                }
                connected.add(server);
                failures.remove(server);
                backoff = 250;
                exchange(server, channel, request, stop);
                if (!follow || stop.getAsBoolean()) {
                    return;
                }
                String reason = "the server ended the session; reconnecting";
                onFailure.accept(server, reason);
            } catch (Exception e) {
                String reason = describe(server, e);
                failures.put(server, reason);
                if (hostKeys.wasUnknown(server)) {
                    HostKeyPolicy.UnknownHost h = hostKeys.unknownHosts().get(server.host() + ":" + server.port());
                    failures.put(server, "unknown host key" + (h == null ? "" : " " + h.fingerprint()) + ", not in "
                            + settings.knownHosts() + " (not trusted: run on a terminal to be asked, or pass --trustAllHosts)");
                    return;
                }
                if (!follow || stop.getAsBoolean() || hostKeys.keyChanged(server)) {
                    return;
                }
                onFailure.accept(server, reason + "; retrying");
            } finally {
                connected.remove(server);
                sink.disconnected(server);
                if (session != null) {
                    forget(session);
                }
            }
            if (!sleep(backoff, stop)) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    private static boolean sleep(long millis, BooleanSupplier stop) {
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            if (stop.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(100, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stop.getAsBoolean();
    }

    private ClientSession connect(ServerAddress server) throws IOException, InterruptedException {
        Duration timeout = settings.connectTimeout();
        window.acquire();
        try {
            ConnectFuture future = client.connect(settings.user(), server.host(), server.port());
            ClientSession session = future.verify(timeout).getClientSession();
            sessions.add(session);
            session.auth().verify(timeout);
            return session;
        } finally {
            window.release();
        }
    }

    private FrameChannel open(ClientSession session) throws IOException {
        FrameChannel channel = new FrameChannel(MAX_FRAME);
        session.getService(ConnectionService.class).registerChannel(channel);
        channel.open().verify(settings.connectTimeout());
        return channel;
    }

    /** Sends the greeting and the first frame of the conversation ({@code REQUEST} or {@code HEALTH}). */
    private static void start(FrameChannel channel, FrameType type, byte[] payload) throws IOException {
        Handshake.start(new FrameCodec(null, channel.getInvertedIn(), MAX_FRAME), type, payload);
    }

    /**
     * The next frame; null when the stream ended or {@code stop} said so. Past {@code deadline}
     * (System.nanoTime, or {@link #NO_DEADLINE}) it throws with {@code late} as the message.
     */
    private static FrameCodec.Frame next(FrameChannel channel, BooleanSupplier stop, long deadline, String late)
            throws IOException, InterruptedException {
        while (true) {
            if (stop.getAsBoolean()) {
                return null;
            }
            FrameCodec.Frame frame = channel.poll(POLL_MILLIS);
            if (frame != null || channel.ended()) {
                return frame;
            }
            if (deadline != NO_DEADLINE && System.nanoTime() - deadline >= 0) {
                throw new ServerProblem(late);
            }
        }
    }

    private void exchange(ServerAddress server, FrameChannel channel, PlanRequest request, BooleanSupplier stop)
            throws IOException, InterruptedException {
        start(channel, FrameType.REQUEST, Messages.request(request));
        long deadline = settings.sessionTimeout().isZero() || request.mode() == PlanRequest.Mode.TAIL
                ? NO_DEADLINE : System.nanoTime() + settings.sessionTimeout().toNanos();
        String late = "the session ran longer than the --timeout of " + settings.sessionTimeout().toSeconds()
                + " s and was ended (its results are missing; raise --timeout, 0 = no limit)";
        try {
            FrameCodec.Frame hello = next(channel, stop, deadline, late);
            if (hello == null && !stop.getAsBoolean()) {
                throw new ServerProblem(endedEarly(channel));
            }
            if (!readGreeting(hello, stop)) {
                return;
            }
            sink.connected(server);
            FrameReader.Sink frames = serverSink(server);
            while (true) {
                FrameCodec.Frame frame = next(channel, stop, deadline, late);
                if (frame == null) {
                    if (stop.getAsBoolean()) {
                        return;
                    }
                    throw new ServerProblem(endedEarly(channel));
                }
                if (FrameReader.dispatch(frame, frames)) {
                    return;
                }
            }
        } finally {
            channel.close(false);
        }
    }

    /**
     * Why a stream ended before DONE: the server answered no keep-alive (frozen, or the network path is gone),
     * or the connection closed, maybe inside a frame (whose bytes are dropped, never shown as lines).
     */
    private String endedEarly(FrameChannel channel) {
        Throwable cause = sessionFailures.get(channel.getSession());
        if (cause instanceof SshException && String.valueOf(cause.getMessage()).contains("heartbeat")) {
            return "the server answered no keep-alive within " + settings.keepAliveTimeout().toSeconds()
                    + " s (--keepAliveTimeout): it is frozen, overloaded or unreachable; its results are missing";
        }
        String why = cause == null ? "" : " (" + cause.getMessage() + ")";
        if (channel.endedMidFrame()) {
            return "the server's output was cut: the connection closed in the middle of a frame" + why
                    + "; what it sent before is shown, the rest is missing";
        }
        return "the connection closed before the server finished" + why;
    }

    /** Checks the server's greeting; false when the run was stopped before it came. */
    private static boolean readGreeting(FrameCodec.Frame hello, BooleanSupplier stop) throws IOException {
        if (hello == null && stop.getAsBoolean()) {
            return false;
        }
        Handshake.checkServerHello(hello);
        return true;
    }

    /** What {@code server}'s frames carry, to the run's sink. */
    private FrameReader.Sink serverSink(ServerAddress server) {
        return new FrameReader.Sink() {
            @Override
            public void lines(LineBatch batch) {
                linesReceived.add(batch.count());
                sink.lines(server, batch);
            }

            @Override
            public void separator() {
                sink.separator(server);
            }

            @Override
            public void partial(PartialFrame partial) {
                sink.partial(server, partial);
            }

            @Override
            public void stats(Messages.Stats stats) {
                sink.stats(server, stats);
            }

            @Override
            public void problem(String message) {
                sink.problem(server, message);
            }
        };
    }

    /**
     * Asks one server how it is ({@code dtailhealth}). A server that cannot be reached, refuses the
     * keys or does not answer in time is critical, with the reason.
     */
    public Messages.Health health(ServerAddress server) throws InterruptedException {
        ClientSession session = null;
        try {
            session = connect(server);
            FrameChannel channel = open(session);
            try {
                start(channel, FrameType.HEALTH, new byte[0]);
                long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
                String late = "no answer within " + settings.connectTimeout().toSeconds() + " s";
                BooleanSupplier never = () -> false;
                readGreeting(next(channel, never, deadline, late), never);
                FrameCodec.Frame frame = next(channel, never, deadline, late);
                if (frame != null && frame.type() == FrameType.ERROR) {
                    throw new ProtocolException(Messages.text(frame.payload()));
                }
                if (frame == null || frame.type() != FrameType.HEALTH) {
                    throw new ProtocolException("the server did not answer the health request");
                }
                return Messages.health(frame.payload());
            } finally {
                channel.close(false);
            }
        } catch (IOException e) {
            if (hostKeys.wasUnknown(server)) {
                return new Messages.Health(Messages.Health.CRITICAL, "unknown host key, not in " + settings.knownHosts()
                        + " (pass --trustAllHosts, or connect once with another client to record it)");
            }
            return new Messages.Health(Messages.Health.CRITICAL, describe(server, e));
        } finally {
            if (session != null) {
                forget(session);
            }
        }
    }

    private void forget(ClientSession session) {
        sessions.remove(session);
        session.close(true);
        sessionFailures.remove(session);
    }

    /** Lines received from all servers so far. */
    public long linesReceived() {
        return linesReceived.sum();
    }

    private String describe(ServerAddress server, Exception e) {
        if (hostKeys.keyChanged(server)) {
            return "the host key of " + server + " has CHANGED since it was recorded in " + settings.knownHosts()
                    + ": refusing to connect (possible man-in-the-middle). If the change is expected, remove the old entry.";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
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
        if (message.toLowerCase(java.util.Locale.ROOT).contains("timeout") || message.contains("timed out")) {
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
    public void awaitClosed(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!sessions.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }
}
