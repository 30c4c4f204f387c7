package io.jdtail.server.job;

import io.jdtail.engine.discovery.Discoveries;
import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSettings;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The servers a job of this dserver reads from, and how it reaches them; the same for scheduled and continuous
 * jobs. The job's {@code Servers} go through its {@code Discovery} ({@code list} by default); every server is
 * logged in to as user {@code Name} with this server's {@link JobIdentity}; the targets' host keys are kept in
 * {@code <CacheDir>/}{@value #KNOWN_HOSTS} (a new host is trusted on first use and recorded, a changed key is
 * refused). See {@code io.jdtail.server.ssh.JobLogins} for what a target accepts.
 *
 * @param servers  at least one
 * @param settings how the job's {@link RemoteRun} connects
 */
public record JobServers(List<ServerAddress> servers, JobIdentity identity, RemoteSettings settings) {

    /** Where the host keys of servers that jobs connect to are kept, in CacheDir. */
    public static final String KNOWN_HOSTS = "jobs_known_hosts";

    /** Sessions a job opens at the same time (the rest wait their turn): 10 per CPU, as the clients' --cpc default. */
    private static final int CONNECTIONS_AT_ONCE = Math.max(1, 10 * Runtime.getRuntime().availableProcessors());

    public JobServers {
        servers = List.copyOf(servers);
    }

    /** This server's job identity, loaded (or made) only once the job's servers are known. */
    @FunctionalInterface
    interface IdentitySource {
        JobIdentity load() throws IOException;
    }

    /** The job names no server it can reach: the message names the {@code Servers} key at fault. */
    static final class NoServers extends Exception {
        private static final long serialVersionUID = 1L;

        NoServers(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The servers of job {@code job} ({@code servers} through {@code discovery}), with the settings to reach them.
     * Throws {@link NoServers} when there is none, and the identity's {@link IOException} when it cannot be loaded.
     */
    static JobServers resolve(String job, List<String> servers, Optional<String> discovery,
                              ContinuousJobs.RemoteAccess access, IdentitySource identity) throws NoServers, IOException {
        List<ServerAddress> addresses;
        try {
            addresses = ServerAddress.parseAll(Discoveries.byName(discovery.orElse("list")).discover(String.join(",", servers)),
                    access.sshPort());
        } catch (IOException | IllegalArgumentException e) {
            throw new NoServers("Servers: " + e.getMessage());
        }
        if (addresses.isEmpty()) {
            throw new NoServers("Servers: no server to read from");
        }
        JobIdentity id = identity.load();
        return new JobServers(addresses, id, settings(job, id, access.cacheDir(), access.connectTimeout()));
    }

    /**
     * How this server reaches other dservers as {@code user} (a job's name, or the user a relay asserts): with its
     * key pair {@code id}, the host keys in {@code <cacheDir>/}{@value #KNOWN_HOSTS} (trusted on first use), and no
     * session time limit (the clients' --timeout 0: the job's or the relayed request's own stop ends the sessions).
     */
    public static RemoteSettings settings(String user, JobIdentity id, Path cacheDir, Duration connectTimeout) {
        return new RemoteSettings(user, List.of(id.privateKeyFile()), cacheDir.toAbsolutePath().resolve(KNOWN_HOSTS), true,
                CONNECTIONS_AT_ONCE, connectTimeout, Duration.ZERO);
    }

    /** A fan-out to these servers that hands what they send to {@code sink}; nobody is asked about host keys. */
    RemoteRun open(RemoteSink sink) throws IOException {
        return new RemoteRun(settings, sink, HostPrompt.REFUSE);
    }

    /** What to check when {@code server} refused job {@code job}'s login (empty for other failures). */
    static String loginHint(String job, ServerAddress server, String reason, JobIdentity id) {
        if (!reason.startsWith("authentication failed")) {
            return "";
        }
        return " (job login refused: on " + server.host() + ", job " + job + " must exist with this host in its"
                + " AllowFrom, and <CacheDir>/" + job + ".authorized_keys must hold this server's "
                + id.publicKeyFile() + ", key " + id.fingerprint() + "; the reason is in " + server.host() + "'s log)";
    }
}
