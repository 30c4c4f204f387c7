package io.jdtail.remote;

import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.Messages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.sshd.client.session.ClientSession;

/**
 * Runs one request on many servers over SSH: one session and one {@code jdtail} subsystem channel
 * per server, all from one {@link SshConnector}, each server's conversation held by {@link ServerSession}.
 * At most {@code connectionsAtOnce} sessions are being opened at a time; every wait is bounded. A failing
 * server is reported with its reason and the others carry on. Unknown host keys are asked about once, after
 * every server's first attempt, and the servers then trusted are tried again. In follow mode a lost session
 * is reopened with backoff until the run stops.
 */
public final class RemoteRun implements AutoCloseable {

    /** Largest frame a server may send (a line is at most the server's MaxLineLength, 1 MiB by default). */
    public static final int MAX_FRAME = 64 << 20;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final RemoteSettings settings;
    private final HostPrompt prompt;
    private final SshConnector connector;
    private final ServerSession conversation;
    private final RemoteSink sink;
    /** The --cpc window: how many sessions are being opened (connected and authenticated) at the same time. */
    private final Semaphore window;
    /** The last route's targets, one outcome each (a server named twice is two targets). */
    private volatile List<Target> lastTargets = List.of();
    private final AtomicInteger connected = new AtomicInteger();
    private BiConsumer<ServerAddress, String> onFailure = (s, m) -> { };

    public RemoteRun(RemoteSettings settings, RemoteSink sink, HostPrompt prompt) throws IOException {
        this(settings, sink, prompt, warning -> { });
    }

    /** {@code warnings} hears client-level problems that fail no server (an ssh-agent that does not answer). */
    public RemoteRun(RemoteSettings settings, RemoteSink sink, HostPrompt prompt, Consumer<String> warnings) throws IOException {
        this.settings = settings;
        this.prompt = prompt;
        this.sink = sink;
        this.window = new Semaphore(settings.connectionsAtOnce());
        this.connector = new SshConnector(settings, warnings);
        this.conversation = new ServerSession(settings, sink, connector);
    }

    /** Called (from session threads) whenever a server fails, also when it will be retried. */
    public RemoteRun onFailure(BiConsumer<ServerAddress, String> callback) {
        this.onFailure = callback;
        return this;
    }

    /** Sessions open right now. */
    public int connectedCount() {
        return connected.get();
    }

    /**
     * Runs {@code request} on all servers and returns when every session has ended (read-once modes)
     * or {@code stop} says so (follow). Returns the servers that failed, with the reason.
     */
    public List<ServerFailure> run(List<ServerAddress> servers, PlanRequest request, BooleanSupplier stop)
            throws InterruptedException {
        return route(servers.stream().map(s -> Messages.Downstream.leaf(s.hostPort())).toList(), request, stop);
    }

    /**
     * Runs {@code request} on {@code targets}: a leaf is asked directly, a relay is sent the request with its share
     * (the servers behind it), and what each server sends reaches the sink as if it were connected directly. Returns
     * when every session has ended (read-once modes) or {@code stop} says so (follow), with one failure per session
     * that failed (behind a relay too), in the order of {@code targets}: a server named twice is asked twice and
     * accounted twice. A relay that failed fails each of the servers it was serving that has no outcome of its own,
     * with the relay's reason (see {@link #relayFailures}).
     */
    public List<ServerFailure> route(List<Messages.Downstream> targets, PlanRequest request, BooleanSupplier stop)
            throws InterruptedException {
        boolean follow = request.follows();
        List<Target> slots = targets.stream().map(Target::new).toList();
        lastTargets = slots;
        CountDownLatch firstAttempts = new CountDownLatch(slots.size());
        List<Thread> threads = new ArrayList<>();
        for (Target target : slots) {
            threads.add(Thread.ofVirtual().name("jdtail-" + target.server)
                    .start(() -> serveOrFail(target, request, stop, follow, firstAttempts)));
        }
        firstAttempts.await();
        List<HostKeyPolicy.UnknownHost> unknown = new ArrayList<>(connector.hostKeys().unknownHosts().values());
        if (!unknown.isEmpty()) {
            List<HostKeyPolicy.UnknownHost> trusted = prompt.ask(unknown);
            connector.hostKeys().accept(trusted);
            connector.hostKeys().forgetUnknown();
            Set<String> trustedNames = ConcurrentHashMap.newKeySet();
            trusted.forEach(t -> trustedNames.add(t.server()));
            for (Target target : slots) {
                if (trustedNames.contains(target.server.host() + ":" + target.server.port())) {
                    target.answered();
                    threads.add(Thread.ofVirtual().name("jdtail-" + target.server)
                            .start(() -> serveOrFail(target, request, stop, follow, new CountDownLatch(1))));
                }
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        List<ServerFailure> all = new ArrayList<>();
        for (Target target : slots) {
            target.failures().forEach(all::add);
        }
        return List.copyOf(all);
    }

    /**
     * The relays among the last run's targets that failed, with the reason (their servers failed with them, see
     * {@link #route}).
     */
    public List<RelayFailure> relayFailures() {
        return lastTargets.stream().filter(t -> t.relayFailure != null)
                .map(t -> new RelayFailure(t.downstream, t.relayFailure)).toList();
    }

    /**
     * One session's outcome, written only by the thread serving it: a leaf's failure, or a relay's own failure and
     * what the relay reported of its servers. A success clears only this session's earlier failure (a follow that
     * reconnected), never that of another session to the same address.
     */
    private static final class Target {
        final Messages.Downstream downstream;
        final ServerAddress server;
        volatile String failure;
        volatile String relayFailure;
        /** The relay's last word on the servers behind it that failed (a relay's follow may end and start again). */
        volatile List<ServerFailure> relayed = List.of();

        Target(Messages.Downstream downstream) {
            this.downstream = downstream;
            this.server = ServerAddress.of(downstream.server());
        }

        void failed(String reason) {
            if (downstream.isRelay()) {
                relayFailure = reason;
            } else {
                failure = reason;
            }
        }

        void answered() {
            failure = null;
            relayFailure = null;
        }

        /**
         * This session's failures: a leaf's own; a relay's servers' as it reported them, and if the relay failed, each
         * of its servers it reported nothing about (by count, so a server it serves twice is accounted twice).
         */
        List<ServerFailure> failures() {
            if (!downstream.isRelay()) {
                return failure == null ? List.of() : List.of(new ServerFailure(server, failure));
            }
            List<ServerFailure> all = new ArrayList<>(relayed);
            if (relayFailure != null) {
                Map<ServerAddress, Integer> reported = new HashMap<>();
                relayed.forEach(f -> reported.merge(f.server(), 1, Integer::sum));
                String reason = "relay " + server + " failed: " + relayFailure;
                for (var leaf : downstream.leaves()) {
                    ServerAddress address = ServerAddress.of(leaf);
                    if (reported.merge(address, -1, Integer::sum) < 0) {
                        all.add(new ServerFailure(address, reason));
                    }
                }
            }
            return all;
        }
    }

    /**
     * Serves one server; what kills its thread besides the failures {@link #serve} expects (an Error: a bug, exhausted
     * memory) is that server's failure too, so the command reports it and exits 1 instead of a result silently short
     * of a server.
     */
    private void serveOrFail(Target target, PlanRequest request, BooleanSupplier stop, boolean follow,
                             CountDownLatch firstAttempt) {
        AtomicBoolean attempted = new AtomicBoolean();
        Runnable firstAttemptDone = () -> {
            if (attempted.compareAndSet(false, true)) {
                firstAttempt.countDown();
            }
        };
        try {
            serve(target, request, stop, follow, firstAttemptDone);
        } catch (RuntimeException | Error e) {
            target.failed("internal error: " + e);
            firstAttemptDone.run();
        }
    }

    private void serve(Target target, PlanRequest request, BooleanSupplier stop, boolean follow,
                       Runnable firstAttemptDone) {
        ServerAddress server = target.server;
        long backoff = 250;
        while (true) {
            ClientSession session = null;
            Failure failure = null;
            boolean open = false;
            try {
                FrameChannel channel;
                try {
                    session = connect(server);
                    channel = conversation.open(session);
                } catch (Exception e) {
                    // worded and recorded before the first attempt counts as done: run() then asks about the unknown
                    // hosts and forgets them, after which this server's refusal would read as MINA's bare words
                    failure = failure(server, e);
                    target.failed(failure.reason());
                    throw e;
                } finally {
                    firstAttemptDone.run();
                }
                connected.incrementAndGet();
                open = true;
                target.answered();
                backoff = 250;
                if (target.downstream.isRelay()) {
                    relay(target, channel, request, stop);
                } else {
                    conversation.exchange(server, channel, request, stop);
                }
                if (!follow || stop.getAsBoolean()) {
                    return;
                }
                String reason = "the server ended the session; reconnecting";
                onFailure.accept(server, reason);
            } catch (Exception e) {
                if (failure == null) {
                    failure = failure(server, e);
                    target.failed(failure.reason());
                }
                if (failure.unknownHostKey() || !follow || stop.getAsBoolean() || connector.hostKeys().keyChanged(server)) {
                    return;
                }
                onFailure.accept(server, failure.reason() + "; retrying");
            } finally {
                if (open) {
                    connected.decrementAndGet();
                }
                sink.disconnected(server);
                if (session != null) {
                    connector.forget(session);
                }
            }
            if (!sleep(backoff, stop)) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    /**
     * Sends {@code request} to the relay {@code target} with its share; the failures of its servers it reports become
     * this run's. A problem of the relay's own (it refused the request, shut down, or failed) is the relay's failure.
     */
    private void relay(Target target, FrameChannel channel, PlanRequest request, BooleanSupplier stop)
            throws IOException, InterruptedException {
        ServerAddress server = target.server;
        RelayedStream stream = new RelayedStream(server, conversation::serverSink, sink, (s, reason) -> onFailure.accept(s, reason));
        try {
            conversation.relay(server, channel, new Messages.RelayRequest(request, target.downstream.relayed()), stream, stop);
        } finally {
            target.relayed = stream.failed();
        }
        if (stream.ownProblem().isPresent()) {
            throw new ServerProblem(stream.ownProblem().get());
        }
    }

    /** Why an attempt on a server failed; a host key not known is not tried again (the user was asked, or could not be). */
    private record Failure(String reason, boolean unknownHostKey) {
    }

    private Failure failure(ServerAddress server, Exception e) {
        if (connector.hostKeys().wasUnknown(server)) {
            HostKeyPolicy.UnknownHost h = connector.hostKeys().unknownHosts().get(server.host() + ":" + server.port());
            return new Failure("unknown host key" + (h == null ? "" : " " + h.fingerprint()) + ", not in " + settings.knownHosts()
                    + " (not trusted: run on a terminal to be asked, or pass --trustAllHosts)", true);
        }
        return new Failure(connector.describe(server, e), false);
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

    /** A session with {@code server}, once the window lets one more be opened. */
    private ClientSession connect(ServerAddress server) throws IOException, InterruptedException {
        window.acquire();
        try {
            return connector.connect(server);
        } finally {
            window.release();
        }
    }

    /**
     * Asks one server how it is ({@code dtailhealth}). A server that cannot be reached, refuses the
     * keys or does not answer in time is critical, with the reason.
     */
    public Messages.Health health(ServerAddress server) throws InterruptedException {
        ClientSession session = null;
        try {
            session = connect(server);
            return conversation.health(conversation.open(session));
        } catch (IOException e) {
            if (connector.hostKeys().wasUnknown(server)) {
                return new Messages.Health(Messages.Health.CRITICAL, "unknown host key, not in " + settings.knownHosts()
                        + " (pass --trustAllHosts, or connect once with another client to record it)");
            }
            return new Messages.Health(Messages.Health.CRITICAL, connector.describe(server, e));
        } finally {
            if (session != null) {
                connector.forget(session);
            }
        }
    }

    /** Lines received from all servers so far. */
    public long linesReceived() {
        return conversation.linesReceived();
    }

    @Override
    public void close() {
        connector.close();
    }

    /** Waits a little for sessions to close; for tests and shutdown. */
    public void awaitClosed(long millis) throws InterruptedException {
        connector.awaitClosed(millis);
    }
}
