package io.jdtail.remote.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/**
 * Gives MINA's public key authentication the keys of the ssh-agent at {@code socket}: every
 * authentication opens its own {@link AgentConnection}, as OpenSSH's ssh does, and MINA closes it
 * when the authentication is over. MINA offers the agent's keys before the client's key files.
 *
 * <p>If the agent cannot be reached when a session authenticates (it was stopped during a long
 * {@code dtail}), that session goes on with the key files alone; {@code warnings} hears about it
 * once per factory, not once per server. Agent forwarding is not offered: jdtail opens no shells.
 */
public final class AgentSocketFactory implements SshAgentFactory {

    private final Path socket;
    private final Duration timeout;
    private final Consumer<String> warnings;
    private final AtomicBoolean warned = new AtomicBoolean();

    public AgentSocketFactory(Path socket, Duration timeout, Consumer<String> warnings) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    public Path socket() {
        return socket;
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) {
        try {
            return AgentConnection.open(socket, timeout);
        } catch (IOException e) {
            if (warned.compareAndSet(false, true)) {
                warnings.accept(e.getMessage() + "; authenticating with the key files only");
            }
            // null: MINA then offers only the key files
            return null;
        }
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) throws IOException {
        throw new IOException("jdtail does not forward the ssh-agent");
    }
}
