package io.jdtail.server.ssh;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.logging.ClientText;
import io.jdtail.server.permission.FileAccessChecker;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The only subsystem dserver offers: {@value #NAME}. Each channel goes to the {@link SessionHandler}. */
public final class JdtailSubsystemFactory implements SubsystemFactory {

    /** The subsystem name clients ask for ({@code ssh -s HOST jdtail}). */
    public static final String NAME = "jdtail";

    private static final Logger LOG = LoggerFactory.getLogger(JdtailSubsystemFactory.class);

    private final SessionHandler handler;
    private final DtailConfig config;
    private final FileAccessChecker access;
    private final WarmUpLogin warmUp;

    /**
     * @param access the users' file access
     * @param warmUp dserver's login to itself: its one session reads through its own gate, not {@code access}
     */
    public JdtailSubsystemFactory(SessionHandler handler, DtailConfig config, FileAccessChecker access, WarmUpLogin warmUp) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.config = Objects.requireNonNull(config, "config");
        this.access = Objects.requireNonNull(access, "access");
        this.warmUp = Objects.requireNonNull(warmUp, "warmUp");
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) {
        return new JdtailCommand();
    }

    /** The subsystem's command: runs the handler on a virtual thread. */
    private final class JdtailCommand implements Command, SessionChannel {
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exitCallback;
        private String user;
        private SocketAddress remote;
        private String sessionId;
        private boolean warmUpSession;
        private volatile Thread thread;
        private final List<Runnable> closeCallbacks = new ArrayList<>();
        private boolean closed;
        private boolean exited;

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exitCallback = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            ServerSession session = channel.getServerSession();
            user = session.getUsername();
            remote = session.getClientAddress();
            warmUpSession = WarmUpLogin.isWarmUp(session);
            byte[] id = session.getSessionId();
            sessionId = id == null ? "?" : java.util.HexFormat.of().formatHex(Arrays.copyOf(id, Math.min(6, id.length)));
            RelayLogins.Relay relay = session.getAttribute(RelayLogins.RELAYED_BY);
            if (relay == null) {
                LOG.info("{}@{} [{}]: jdtail channel {} opened", user, remote, sessionId, channel.getChannelId());
            } else {
                LOG.info("{} via relay {} [{}]: jdtail channel {} opened", user, relay, sessionId,
                        channel.getChannelId());
            }
            thread = Thread.ofVirtual().name("jdtail-" + user + "-" + sessionId + "-" + channel.getChannelId())
                    .start(this::run);
        }

        private void run() {
            try {
                handler.handle(this);
                exit(0, null);
            } catch (Throwable t) {
                if (isClosed()) {
                    LOG.debug("{}@{} [{}]: handler ended after the channel closed: {}", user, remote, sessionId,
                            ClientText.escape(t));
                    return;
                }
                String message = t.getMessage() != null ? t.getMessage() : t.toString();
                LOG.warn("{}@{} [{}]: session handler failed: {}", user, remote, sessionId, ClientText.escape(message), t);
                try {
                    err.write(("dserver: " + message + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException ignored) {
                    // the channel is going away anyway
                }
                exit(1, message);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            List<Runnable> callbacks;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                callbacks = new ArrayList<>(closeCallbacks);
                closeCallbacks.clear();
            }
            LOG.info("{}@{} [{}]: jdtail channel {} closed", user, remote, sessionId, channel.getChannelId());
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
            callbacks.forEach(JdtailCommand::runQuietly);
        }

        private static void runQuietly(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("close callback failed", e);
            }
        }

        // ------------------------------------------------------------ SessionChannel

        @Override
        public String user() {
            return user;
        }

        @Override
        public SocketAddress remoteAddress() {
            return remote;
        }

        @Override
        public String sessionId() {
            return sessionId;
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public OutputStream err() {
            return err;
        }

        @Override
        public void requestStarting(PlanRequest.Mode mode) {
            // A follow does not: after an upgrade every follow reconnects at once, and the warm-up would never run,
            // while a follow costs dserver little beside it.
            if (!warmUpSession && !mode.follows()) {
                warmUp.clientRequestStarted();
            }
        }

        @Override
        public io.jdtail.engine.source.FileGate fileAccess() {
            return warmUpSession ? warmUp.gate() : access.forUser(user);
        }

        @Override
        public DtailConfig config() {
            return config;
        }

        @Override
        public void exit(int status, String message) {
            synchronized (this) {
                if (exited) {
                    return;
                }
                exited = true;
            }
            if (!isClosed()) {
                flushQuietly(out);
                flushQuietly(err);
            }
            ExitCallback cb = exitCallback;
            if (cb != null) {
                cb.onExit(status, message == null ? "" : message);
            }
        }

        private static void flushQuietly(OutputStream s) {
            try {
                if (s != null) {
                    s.flush();
                }
            } catch (IOException | RuntimeException ignored) {
                // closed by the peer
            }
        }

        @Override
        public synchronized boolean isClosed() {
            return closed;
        }

        @Override
        public void onClose(Runnable callback) {
            synchronized (this) {
                if (!closed) {
                    closeCallbacks.add(callback);
                    return;
                }
            }
            runQuietly(callback);
        }
    }
}
