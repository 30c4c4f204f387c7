package io.jdtail.server.ssh;

import io.jdtail.logging.ClientText;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-side SSH keep-alives: every {@code interval} an authenticated session is sent a
 * {@value #REQUEST} global request with want-reply; after {@code maxMissed} of them went unanswered the
 * connection is closed, and with it its channels, open files and follow threads.
 *
 * <p>MINA SSHD's own heartbeat properties are read by its client only, so the server does this itself. The
 * request is OpenSSH's ({@code ClientAliveInterval}/{@code ClientAliveCountMax}): OpenSSH's {@code ssh} and
 * MINA's client know no such request and answer REQUEST_FAILURE, which proves them alive as well as a
 * success would; a client that vanished (frozen process, half-open TCP) answers nothing.
 */
final class Heartbeats implements SessionListener {

    static final String REQUEST = "keepalive@openssh.com";
    private static final Logger LOG = LoggerFactory.getLogger(Dserver.class);

    private final ScheduledExecutorService timer;
    private final Duration interval;
    private final int maxMissed;
    private final Map<Session, ScheduledFuture<?>> beating = new ConcurrentHashMap<>();

    Heartbeats(ScheduledExecutorService timer, Duration interval, int maxMissed) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("heartbeat interval must be positive: " + interval);
        }
        this.timer = timer;
        this.interval = interval;
        this.maxMissed = maxMissed;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated) {
            return;                                   // before that, the authentication timeout is the limit
        }
        AtomicInteger unanswered = new AtomicInteger();
        try {
            long ms = interval.toMillis();
            beating.put(session, timer.scheduleAtFixedRate(() -> beat(session, unanswered), ms, ms,
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // server stopping: the session goes with it
        }
        if (!session.isOpen()) {
            stop(session);                            // closed while being scheduled
        }
    }

    @Override
    public void sessionClosed(Session session) {
        stop(session);
    }

    private void stop(Session session) {
        ScheduledFuture<?> task = beating.remove(session);
        if (task != null) {
            task.cancel(false);
        }
    }

    private void beat(Session session, AtomicInteger unanswered) {
        if (!session.isOpen()) {
            stop(session);
            return;
        }
        int missed = unanswered.get();
        if (missed >= maxMissed) {
            stop(session);
            String reason = "the client answered none of the last " + missed + " keep-alive requests (sent every "
                    + (interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms")
                    + ")";
            LOG.info("closing connection of {}@{}: {}", ClientText.escape(session.getUsername()), session.getRemoteAddress(), reason);
            try {
                session.disconnect(SshConstants.SSH2_DISCONNECT_CONNECTION_LOST, reason);
            } catch (IOException | RuntimeException e) {
                session.close(true);
            }
            return;
        }
        unanswered.incrementAndGet();
        Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, REQUEST.length() + 8);
        request.putString(REQUEST);
        request.putBoolean(true);
        try {
            // success or failure alike: the client read the request and answered
            session.request(request, REQUEST, (replyType, reply) -> {
                unanswered.set(0);
                LOG.debug("keep-alive answered by {}@{}", ClientText.escape(session.getUsername()), session.getRemoteAddress());
            });
        } catch (IOException | RuntimeException e) {
            // the connection is going away; its close stops the task
            LOG.debug("keep-alive request to {}@{} not sent: {}", ClientText.escape(session.getUsername()), session.getRemoteAddress(),
                    e.toString());
        }
    }
}
