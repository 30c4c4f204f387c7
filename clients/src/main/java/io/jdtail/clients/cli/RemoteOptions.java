package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import io.jdtail.remote.RemoteSettings;
import io.jdtail.remote.ServerAddress;
import io.jdtail.config.CommonConfig;
import io.jdtail.engine.discovery.Discoveries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How clients reach dservers; without --servers they run serverless on local files. */
public final class RemoteOptions {

    @Option(names = {"--servers", "-servers"}, order = HelpLayout.SERVERS + 1, paramLabel = "LIST",
            description = "Comma-separated host[:port], or a file with one server per line. None = serverless (local files).")
    String servers;

    @Option(names = {"--discovery", "-discovery"}, order = HelpLayout.SERVERS + 2, paramLabel = "NAME", defaultValue = "list",
            description = "Server discovery method (plug-in); the built-in 'list' reads --servers as a list or file.")
    String discovery;

    @Option(names = {"--port", "-port"}, order = HelpLayout.SERVERS + 3, paramLabel = "N",
            description = "Port of the servers named without one (default: Common.SSHPort of --cfg, else 2222).")
    Integer port;

    /** The port of servers named without one when {@code --port} is not given. */
    private int defaultPort = CommonConfig.DEFAULT_SSH_PORT;

    @Option(names = {"--user", "-user"}, order = HelpLayout.SERVERS + 4, paramLabel = "NAME", description = "User name sent to servers (default: the local user).")
    String user = System.getProperty("user.name");

    @Option(names = {"--key", "-key"}, order = HelpLayout.SERVERS + 5, paramLabel = "PATH",
            description = "Private key file; only this key is offered. Default: the ssh-agent's keys (SSH_AUTH_SOCK), "
                    + "then ~/.ssh/id_ed25519, id_ecdsa, id_rsa.")
    Path key;

    @Option(names = {"--trustAllHosts", "-trustAllHosts"}, order = HelpLayout.SERVERS + 6, description = "Accept unknown host keys without asking (and record them).")
    boolean trustAllHosts;

    @Option(names = {"--cpc", "-cpc"}, order = HelpLayout.SERVERS + 7, paramLabel = "N", defaultValue = "10",
            description = "Connections opened concurrently per CPU (default: ${DEFAULT-VALUE}).")
    int connectionsPerCpu;

    @Option(names = {"--timeout", "-timeout"}, order = HelpLayout.SERVERS + 8, paramLabel = "SECONDS", defaultValue = "0",
            description = "Seconds a server may collect data before the session ends; 0 = no limit.")
    long timeout;

    @Option(names = {"--keepAliveTimeout", "-keepAliveTimeout"}, order = HelpLayout.SERVERS + 9, paramLabel = "SECONDS", defaultValue = "30",
            description = "A server that answers no SSH keep-alive within this time (a frozen or cut-off host) is reported"
                    + " and left; the others' results are shown, the exit status is 1 (default: ${DEFAULT-VALUE}; 0 = wait for ever).")
    long keepAliveTimeout;

    @Option(names = {"--connectTimeout", "-connectTimeout"}, order = HelpLayout.SERVERS + 10, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait while connecting and authenticating (default: ${DEFAULT-VALUE}).")
    long connectTimeout;

    @Option(names = {"--relays", "-relays"}, order = HelpLayout.SERVERS + 11, paramLabel = "LIST",
            description = "Reach --servers through these relays (dservers with Server.Relay): comma-separated host[:port]"
                    + " or a file, as --servers; each relay gets an equal share of the servers. Given twice, the second"
                    + " list's relays are shared among the first's, and the servers among the second's.")
    List<String> relays = new ArrayList<>();

    public boolean remote() {
        return servers != null && !servers.isBlank();
    }

    /** {@code --port} wins over this port, which comes from the configuration's {@code Common.SSHPort}. */
    void defaultPort(int configured) {
        defaultPort = configured;
    }

    public List<ServerAddress> serverList() throws IOException {
        return ServerAddress.parseAll(Discoveries.byName(discovery).discover(servers), port != null ? port : defaultPort);
    }

    /** The relays of {@code --relays}, one list per time it was given (the first is the one the client connects to). */
    List<List<ServerAddress>> relayLevels() throws IOException {
        List<List<ServerAddress>> levels = new ArrayList<>();
        for (String level : relays) {
            List<ServerAddress> parsed = ServerAddress.parseAll(Discoveries.byName("list").discover(level),
                    port != null ? port : defaultPort);
            if (parsed.isEmpty()) {
                throw new IllegalArgumentException("--relays '" + level + "' names no relay");
            }
            levels.add(parsed);
        }
        return levels;
    }

    public RemoteSettings settings() {
        return settings(System.getenv("SSH_AUTH_SOCK"));
    }

    /** {@code authSock} is the value of {@code SSH_AUTH_SOCK} (null or blank: no agent). */
    RemoteSettings settings(String authSock) {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        List<Path> keys = new ArrayList<>();
        Optional<Path> agent = Optional.empty();
        if (key != null) {
            // as ssh -i with IdentitiesOnly: the key asked for, not whatever else is at hand
            keys.add(key);
        } else {
            if (authSock != null && !authSock.isBlank()) {
                agent = Optional.of(Path.of(authSock));
            }
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                if (Files.isReadable(ssh.resolve(name))) {
                    keys.add(ssh.resolve(name));
                }
            }
        }
        if (keepAliveTimeout < 0) {
            throw new IllegalArgumentException("--keepAliveTimeout takes 0 (wait for ever) or more seconds, not "
                    + keepAliveTimeout);
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return new RemoteSettings(user, keys, agent, ssh.resolve("known_hosts"), trustAllHosts,
                Math.max(1, connectionsPerCpu * cpus), Duration.ofSeconds(connectTimeout), Duration.ofSeconds(timeout),
                Duration.ofSeconds(keepAliveTimeout));
    }
}
