package io.jdtail.server.ssh;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who may hold a connection.
 *
 * <ul>
 *   <li>Authenticated connections: at most {@code Server.MaxConnections}. One more is disconnected right after
 *       it authenticated, with the reason "too many connections (max N)"; the others carry on. dserver's own
 *       warm-up connection ({@link WarmUpLogin}) takes none of them: a client that comes during the warm-up is
 *       served as without it.</li>
 *   <li>Connections that have not authenticated yet count only against limits of their own
 *       ({@link PreAuthLimits}), in total and per source address, so that sockets which never authenticate
 *       cannot keep legitimate clients out. Beyond a limit the oldest unauthenticated connection goes: of the
 *       same address when that address is over its limit, else of the address with the most of them (the
 *       older one of equals), so that one address cannot push out the others' newcomers; connections that
 *       have not even sent their SSH identification go first. A
 *       legitimate client authenticates within moments and so outlives a flood that has to keep opening
 *       connections to stay; the authentication timeout ends the rest.</li>
 * </ul>
 */
final class ConnectionLimiter implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final Duration EVICTION_LOG_EVERY = Duration.ofSeconds(10);

    private final int maxAuthenticated;
    private final PreAuthLimits preAuth;
    private final AtomicInteger authenticated = new AtomicInteger();
    private final Set<Session> admitted = ConcurrentHashMap.newKeySet();
    /** Unauthenticated connections per source address, oldest first. Guarded by {@code this}. */
    private final Map<InetAddress, ArrayDeque<Session>> unauthenticated = new HashMap<>();
    /** When each unauthenticated connection came, in order. Guarded by {@code this}. */
    private final Map<Session, Long> arrival = new HashMap<>();
    /**
     * Unauthenticated connections whose client has sent its SSH identification (a real client does so at once,
     * a socket held open to take a slot does not): spared while silent ones can go. Guarded by {@code this}.
     */
    private final Set<Session> speaking = new HashSet<>();
    private long arrivals;
    private int unauthenticatedCount;
    private final LongAdder evictedSinceLog = new LongAdder();
    private final AtomicLong lastEvictionLog = new AtomicLong(System.nanoTime() - EVICTION_LOG_EVERY.toNanos());

    ConnectionLimiter(int maxAuthenticated, PreAuthLimits preAuth) {
        this.maxAuthenticated = maxAuthenticated;
        this.preAuth = preAuth;
    }

    /** Authenticated connections admitted right now. */
    int authenticatedCount() {
        return authenticated.get();
    }

    /** Connections that have not authenticated yet. */
    synchronized int unauthenticatedCount() {
        return unauthenticatedCount;
    }

    @Override
    public void sessionCreated(Session session) {
        InetAddress from = sourceOf(session);
        List<Session> evicted = new ArrayList<>(2);
        synchronized (this) {
            ArrayDeque<Session> fromThere = unauthenticated.computeIfAbsent(from, a -> new ArrayDeque<>());
            fromThere.addLast(session);
            arrival.put(session, arrivals++);
            unauthenticatedCount++;
            if (fromThere.size() > preAuth.perAddress()) {
                evicted.add(removeOldest(from));
            }
            if (unauthenticatedCount > preAuth.total()) {
                evicted.add(removeOldest(busiestAddress()));
            }
        }
        for (Session old : evicted) {
            old.close(true);
            logEvicted(old);
        }
    }

    /** One line per {@link #EVICTION_LOG_EVERY} at the most: a flood must not fill the log too. */
    private void logEvicted(Session old) {
        evictedSinceLog.increment();
        long now = System.nanoTime();
        long last = lastEvictionLog.get();
        if (now - last >= EVICTION_LOG_EVERY.toNanos() && lastEvictionLog.compareAndSet(last, now)) {
            LOG.warn("closed {} unauthenticated connection(s), the latest from {}: too many unauthenticated connections"
                    + " (max {} in all, {} per address)", evictedSinceLog.sumThenReset(), old.getRemoteAddress(),
                    preAuth.total(), preAuth.perAddress());
        }
    }

    @Override
    public synchronized void sessionPeerIdentificationReceived(Session session, String version, List<String> extraLines) {
        if (arrival.containsKey(session)) {
            speaking.add(session);
        }
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated) {
            return;
        }
        forgetUnauthenticated(session);
        if (WarmUpLogin.isWarmUp(session)) {
            return;
        }
        if (authenticated.incrementAndGet() > maxAuthenticated) {
            authenticated.decrementAndGet();
            LOG.warn("refusing connection of {}@{}: too many connections (max {})", session.getUsername(),
                    session.getRemoteAddress(), maxAuthenticated);
            // told once MINA has sent the authentication's success, which follows this event (a disconnect
            // now would be dropped with it); a channel it opens first fails with the same reason (refusal)
            Thread.ofVirtual().name("dserver-refuse").start(() -> refuse(session));
            return;
        }
        admitted.add(session);
    }

    private void refuse(Session session) {
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_TOO_MANY_CONNECTIONS, tooMany());
        } catch (IOException | RuntimeException e) {
            session.close(true);
        }
    }

    /**
     * Called when {@code session} offers a key that is accepted, before its signature is checked: a connection
     * that would find every {@code MaxConnections} slot taken is disconnected now, with the reason, which every
     * client shows (refused after authenticating, it would see only a channel that fails to open). False then.
     */
    boolean roomFor(Session session) {
        if (WarmUpLogin.isWarmUp(session) || authenticated.get() < maxAuthenticated) {
            return true;
        }
        LOG.warn("refusing connection of {}@{}: too many connections (max {})", session.getUsername(),
                session.getRemoteAddress(), maxAuthenticated);
        refuse(session);
        return false;
    }

    /** Why {@code session} may not open channels: it holds none of the {@code MaxConnections} slots. */
    Optional<String> refusal(Session session) {
        return admitted.contains(session) || WarmUpLogin.isWarmUp(session) ? Optional.empty() : Optional.of(tooMany());
    }

    private String tooMany() {
        return "too many connections (max " + maxAuthenticated + ")";
    }

    @Override
    public void sessionClosed(Session session) {
        forgetUnauthenticated(session);
        if (admitted.remove(session)) {
            authenticated.decrementAndGet();
        }
    }

    private synchronized void forgetUnauthenticated(Session session) {
        InetAddress from = sourceOf(session);
        ArrayDeque<Session> fromThere = unauthenticated.get(from);
        if (fromThere != null && fromThere.remove(session)) {
            arrival.remove(session);
            speaking.remove(session);
            unauthenticatedCount--;
            if (fromThere.isEmpty()) {
                unauthenticated.remove(from);
            }
        }
    }

    /**
     * Removes and returns the oldest unauthenticated connection from {@code from} (which has one) whose client
     * has not sent its SSH identification, else the oldest: a socket that never speaks SSH goes before a client
     * that is authenticating.
     */
    private Session removeOldest(InetAddress from) {
        ArrayDeque<Session> fromThere = unauthenticated.get(from);
        Session oldest = fromThere.stream().filter(s -> !speaking.contains(s)).findFirst().orElse(fromThere.getFirst());
        fromThere.remove(oldest);
        arrival.remove(oldest);
        speaking.remove(oldest);
        unauthenticatedCount--;
        if (fromThere.isEmpty()) {
            unauthenticated.remove(from);
        }
        return oldest;
    }

    /** The address with the most unauthenticated connections; of equals, the one with the oldest connection. */
    private InetAddress busiestAddress() {
        InetAddress busiest = null;
        int most = 0;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<InetAddress, ArrayDeque<Session>> e : unauthenticated.entrySet()) {
            int size = e.getValue().size();
            long first = arrival.get(e.getValue().peekFirst());
            if (size > most || size == most && first < oldest) {
                most = size;
                oldest = first;
                busiest = e.getKey();
            }
        }
        return busiest;
    }

    private static InetAddress sourceOf(Session session) {
        SocketAddress remote = session.getRemoteAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }
}
