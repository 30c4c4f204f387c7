package io.jdtail.remote;

import io.jdtail.remote.agent.AgentConnection;
import io.jdtail.remote.agent.AgentSocketFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/**
 * The keys a client offers to servers: the ssh-agent's keys first, then the key files. Which files,
 * and whether an agent is asked at all, is the caller's choice ({@code --key} means that file only).
 * {@link #resolve} asks the agent once before any server is contacted, so that a run without any key
 * fails at once with one clear message, and a broken {@code SSH_AUTH_SOCK} is a warning, not a
 * failure, while key files remain.
 *
 * @param files  readable private key files
 * @param agent  the ssh-agent, if it answered
 */
public record ClientKeys(List<Path> files, Optional<AgentSocketFactory> agent) {

    /** Bound of agent requests when the settings have no connect timeout to lend. */
    private static final Duration DEFAULT_AGENT_TIMEOUT = Duration.ofSeconds(10);

    public ClientKeys {
        files = List.copyOf(files);
    }

    /**
     * The keys {@code settings} make available. Throws if there is none: no readable key file and no
     * key in a reachable agent. {@code warnings} gets client-level warnings, now and later (an agent
     * that stops answering during the run).
     */
    public static ClientKeys resolve(RemoteSettings settings, Consumer<String> warnings) throws IOException {
        List<Path> files = settings.keys().stream().filter(Files::isReadable).toList();
        Optional<AgentSocketFactory> agent = Optional.empty();
        int agentKeys = 0;
        String agentProblem = "no ssh-agent";
        if (settings.agentSocket().isPresent()) {
            Path socket = settings.agentSocket().get();
            // an agent request is part of authenticating, which the connect timeout bounds
            Duration timeout = settings.connectTimeout().isPositive() ? settings.connectTimeout() : DEFAULT_AGENT_TIMEOUT;
            try (AgentConnection connection = AgentConnection.open(socket, timeout)) {
                for (var ignored : connection.getIdentities()) {
                    agentKeys++;
                }
                agent = Optional.of(new AgentSocketFactory(socket, timeout, warnings));
                agentProblem = "the ssh-agent at " + socket + " holds no keys";
            } catch (IOException e) {
                agentProblem = e.getMessage();
                if (!files.isEmpty()) {
                    warnings.accept(agentProblem + "; authenticating with the key files only (" + names(files) + ")");
                }
            }
        }
        if (files.isEmpty() && agentKeys == 0) {
            List<String> reasons = new ArrayList<>();
            reasons.add(settings.keys().isEmpty() ? "no key file" : "key file not readable: " + names(settings.keys()));
            reasons.add(agentProblem);
            throw new IOException("no private key to offer (" + String.join("; ", reasons)
                    + "): pass --key PATH, add a key to the ssh-agent with ssh-add, or create ~/.ssh/id_ed25519 with ssh-keygen -t ed25519");
        }
        return new ClientKeys(files, agent);
    }

    /** Makes {@code client} offer these keys, and no others. */
    public void applyTo(SshClient client) {
        // set even when empty: without a provider MINA would load ~/.ssh/id_* on its own, also with --key
        client.setKeyIdentityProvider(files.isEmpty() ? KeyIdentityProvider.EMPTY_KEYS_PROVIDER : new PreloadedKeys(files));
        client.setAgentFactory(agent.orElse(null));
    }

    private static String names(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
