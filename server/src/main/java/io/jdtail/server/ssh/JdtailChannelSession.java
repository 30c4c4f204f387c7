package io.jdtail.server.ssh;

import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A session channel that serves only the {@value JdtailSubsystemFactory#NAME} subsystem. A request for a
 * shell, a command (exec, scp), another subsystem (sftp), agent or X11 forwarding is answered with failure,
 * and a channel whose shell/exec/subsystem request was refused is closed right after the reply, as is a
 * channel that has not started the jdtail subsystem within the idle timeout.
 */
final class JdtailChannelSession extends ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(JdtailChannelSession.class);

    private volatile boolean closeAfterReply;

    JdtailChannelSession(ScheduledExecutorService timer, Duration startTimeout) {
        try {
            timer.schedule(this::closeIfNotStarted, startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // server stopping
        }
    }

    private void closeIfNotStarted() {
        if (!commandStarted.get() && isOpen() && !isClosing()) {
            LOG.info("{}: closing channel {}: no jdtail subsystem started", describe(), getChannelId());
            close(false);
        }
    }

    private String describe() {
        var s = getSession();
        return s == null ? "?" : s.getUsername() + "@" + s.getClientAddress();
    }

    private RequestHandler.Result refuse(String what) {
        LOG.warn("{}: refused {} (dserver offers only the {} subsystem)", describe(), what,
                JdtailSubsystemFactory.NAME);
        closeAfterReply = true;
        return RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected RequestHandler.Result handleShellParsed(String request) {
        return refuse("a shell");
    }

    @Override
    protected RequestHandler.Result handleExecParsed(String request, String command) {
        return refuse("exec");
    }

    @Override
    protected RequestHandler.Result handleSubsystemParsed(String request, String subsystem) throws IOException {
        if (!JdtailSubsystemFactory.NAME.equals(subsystem)) {
            return refuse("subsystem \"" + io.jdtail.logging.ClientText.escape(subsystem) + "\"");
        }
        return super.handleSubsystemParsed(request, subsystem);
    }

    @Override
    protected RequestHandler.Result handleAgentForwarding(String requestType, Buffer buffer, boolean wantReply) {
        LOG.warn("{}: refused agent forwarding", describe());
        return RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected RequestHandler.Result handleX11Forwarding(String requestType, Buffer buffer, boolean wantReply) {
        LOG.warn("{}: refused X11 forwarding", describe());
        return RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected IoWriteFuture sendResponse(Buffer buffer, String req, RequestHandler.Result result, boolean wantReply)
            throws IOException {
        IoWriteFuture f = super.sendResponse(buffer, req, result, wantReply);
        if (closeAfterReply) {
            close(false);
        }
        return f;
    }

    /** Creates {@link JdtailChannelSession}s for "session" channel-open requests. */
    static final class Factory implements ChannelFactory {
        private final ScheduledExecutorService timer;
        private final Duration startTimeout;

        Factory(ScheduledExecutorService timer, Duration startTimeout) {
            this.timer = timer;
            this.startTimeout = startTimeout;
        }

        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            return new JdtailChannelSession(timer, startTimeout);
        }
    }
}
