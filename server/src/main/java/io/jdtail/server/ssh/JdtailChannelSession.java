package io.jdtail.server.ssh;

import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * A session channel that serves only the {@value JdtailSubsystemFactory#NAME} subsystem. A request for a
 * shell, a command (exec, scp), another subsystem (sftp), agent or X11 forwarding is answered with failure,
 * and a channel whose shell/exec/subsystem request was refused is closed right after the reply, as is a
 * channel that has not started the jdtail subsystem within the idle timeout. The subsystem writes to the client
 * through a {@link WindowPacedOutput}: it waits for a slow reader as long as the session is open.
 */
final class JdtailChannelSession extends ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(JdtailChannelSession.class);

    private volatile boolean closeAfterReply;
    private final Duration stallReport;
    private final Runnable onStall;
    private final Optional<String> refusal;

    /** {@code refusal}: why the channel must not open (its connection is over a limit), or empty. */
    JdtailChannelSession(ScheduledExecutorService timer, Duration startTimeout, Duration stallReport, Runnable onStall,
                         Optional<String> refusal) {
        this.stallReport = stallReport;
        this.onStall = onStall;
        this.refusal = refusal;
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
        } else {
            // said so that a test can wait for this check instead of sleeping past the timeout
            LOG.debug("{}: channel {} started its subsystem in time, it stays", describe(), getChannelId());
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

    /** A refused channel fails to open with the reason, which clients show ("too many connections (max N)"). */
    @Override
    protected OpenFuture doInit(Buffer buffer) {
        if (refusal.isEmpty()) {
            return super.doInit(buffer);
        }
        OpenFuture refused = new DefaultOpenFuture(this, futureLock);
        refused.setException(new SshChannelOpenException(getChannelId(),
                SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, refusal.get()));
        return refused;
    }

    @Override
    protected Command prepareCommand(String type, Command command) throws IOException {
        return super.prepareCommand(type, new PacedCommand(command));
    }

    /** The subsystem's command, given a {@link WindowPacedOutput} in place of MINA's channel stream. */
    private final class PacedCommand implements Command {
        private final Command command;

        PacedCommand(Command command) {
            this.command = command;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            command.setOutputStream(new WindowPacedOutput(out, getRemoteWindow(), stallReport, onStall, describe()));
        }

        @Override
        public void setInputStream(InputStream in) {
            command.setInputStream(in);
        }

        @Override
        public void setErrorStream(OutputStream err) {
            command.setErrorStream(err);
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            command.setExitCallback(callback);
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            command.start(channel, env);
        }

        @Override
        public void destroy(ChannelSession channel) throws Exception {
            command.destroy(channel);
        }
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

    /**
     * Creates {@link JdtailChannelSession}s for "session" channel-open requests.
     *
     * @param refusal why a session may not open channels (it is being disconnected), or empty
     */
    record Factory(ScheduledExecutorService timer, Duration startTimeout, Duration stallReport, Runnable onStall,
                   Function<Session, Optional<String>> refusal) implements ChannelFactory {

        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            return new JdtailChannelSession(timer, startTimeout, stallReport, onStall, refusal.apply(session));
        }
    }
}
