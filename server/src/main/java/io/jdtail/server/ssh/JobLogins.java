package io.jdtail.server.ssh;

import io.jdtail.config.ContinuousJob;
import io.jdtail.config.DtailConfig;
import io.jdtail.config.LoginName;
import io.jdtail.config.ScheduleJob;
import io.jdtail.server.permission.UnixUser;
import io.jdtail.server.permission.UserDirectory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Logins of jobs that run on other dservers and read files here.
 *
 * <p>A login whose user name is the {@code Name} of a job in this server's configuration ({@code Schedule} or
 * {@code Continuous}, enabled or not) is a <em>job login</em>, and only that: it is accepted when
 * <ol>
 *   <li>the connecting address matches the job's {@code AllowFrom}: an entry that is an IP address must equal it,
 *       an entry that is a host name must resolve (here, forward lookup) to it; a job without {@code AllowFrom}
 *       accepts no login, and</li>
 *   <li>the key offered is listed in {@code <CacheDir>/<Name>.authorized_keys} (the other server's
 *       {@code <CacheDir>/job_identity.pub}); no home directory is consulted, and knowing the job's name
 *       is worth nothing without the private key.</li>
 * </ol>
 * A refusal is logged here with its reason; the connecting server only learns that authentication failed.
 *
 * <p>What a job login may read: the server's rules for the job's name ({@code Server.Permissions.<Name>}, else
 * {@code Default}), and the file system for a system account of the same name if there is one, else for an
 * account with no uid and no groups, to which only the "other" permission bits apply (what any local user may
 * read). See {@link #fileAccessUsers}.
 */
public final class JobLogins {

    private static final Logger LOG = LoggerFactory.getLogger(JobLogins.class);

    /** Whether a job login is accepted, and why (or why not). */
    public record Decision(boolean allowed, String reason) {
    }

    private final Map<String, List<String>> allowFrom;
    private final Path cacheDir;
    private final UserKeysAuthenticator keys;
    private final PeerAddresses peers;

    /**
     * @param system the system's accounts: only used to warn at construction about job names that are also
     *               account names (their owners' own keys then no longer log them in)
     */
    public JobLogins(DtailConfig config, UserDirectory system, PeerAddresses.Resolver resolver) {
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (ScheduleJob j : config.server().schedule()) {
            jobs.put(j.name(), j.allowFrom());
        }
        for (ContinuousJob j : config.server().continuous()) {
            jobs.putIfAbsent(j.name(), j.allowFrom());
        }
        this.allowFrom = Map.copyOf(jobs);
        this.cacheDir = Path.of(config.common().cacheDir());
        // only <CacheDir>/<Name>.authorized_keys: a directory that knows no account, so no home directory counts
        this.keys = new UserKeysAuthenticator(cacheDir, name -> Optional.empty());
        this.peers = new PeerAddresses(resolver);
        for (String name : allowFrom.keySet()) {
            if (LoginName.isValid(name) && system.lookup(name).isPresent()) {
                LOG.warn("job {} has the name of a system account: logins as {} are job logins (AllowFrom and {}), "
                        + "the account's own authorized_keys do not log it in; its file permissions apply to the job",
                        name, name, cacheDir.resolve(name + ".authorized_keys"));
            }
        }
    }

    /** True when {@code user} names a job of this server: such a login is a job login and nothing else. */
    public boolean isJobLogin(String user) {
        return user != null && allowFrom.containsKey(user);
    }

    /** Authenticates a job login (see the class comment); logs a refusal with its reason. */
    public boolean authenticate(String user, PublicKey key, ServerSession session) {
        SocketAddress remote = session == null ? null : session.getClientAddress();
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        Decision d = check(user, key, address);
        if (d.allowed()) {
            LOG.info("job login {} from {}: {}", user, remote, d.reason());
        } else {
            LOG.warn("refusing job login {} from {}: {}", user, remote, d.reason());
        }
        return d.allowed();
    }

    /** Decides a job login of {@code user} from {@code client} offering {@code key}. */
    public Decision check(String user, PublicKey key, InetAddress client) {
        List<String> allowed = allowFrom.get(user);
        if (allowed == null) {
            return new Decision(false, "no job named " + user + " here");
        }
        if (!LoginName.isValid(user)) {
            return new Decision(false, "job name " + user + " is not a valid login name");
        }
        if (allowed.isEmpty()) {
            return new Decision(false, "job " + user + " accepts logins from no host: its AllowFrom is empty");
        }
        if (client == null) {
            return new Decision(false, "the connecting address is unknown");
        }
        List<String> seen = new ArrayList<>();
        if (!allowedFrom(allowed, client, seen)) {
            return new Decision(false, client.getHostAddress() + " is not in the AllowFrom of job " + user + " "
                    + seen);
        }
        Path file = cacheDir.resolve(user + ".authorized_keys");
        UserKeysAuthenticator.UserKeys listed = keys.keysOf(user);
        for (PublicKey k : listed.keys()) {
            if (KeyUtils.compareKeys(k, key)) {
                return new Decision(true, "allowed from " + client.getHostAddress() + ", " + KeyUtils.getKeyType(key)
                        + " key " + KeyUtils.getFingerPrint(key) + " listed in " + file);
            }
        }
        String where = Files.exists(file) ? "is not listed in " + file : "cannot be listed: " + file + " does not exist";
        return new Decision(false, KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key) + " " + where
                + " (it should hold the job_identity.pub of the server running job " + user + ")");
    }

    /**
     * Whether an {@code AllowFrom} list admits {@code client}; what each entry stood for is added to {@code seen}
     * for the refusal message.
     */
    boolean allowedFrom(List<String> entries, InetAddress client, List<String> seen) {
        return peers.admit(entries, client, seen);
    }

    /**
     * The accounts file access is checked for: {@code system}'s, plus, for a job login without a system account of
     * its name, an account with no uid and no groups (only "other" permission bits let it read).
     */
    public UserDirectory fileAccessUsers(UserDirectory system) {
        return name -> {
            Optional<UnixUser> account = system.lookup(name);
            if (account.isPresent() || !isJobLogin(name)) {
                return account;
            }
            return Optional.of(new UnixUser(name, -1, -1, Set.of(), Optional.empty()));
        };
    }
}
