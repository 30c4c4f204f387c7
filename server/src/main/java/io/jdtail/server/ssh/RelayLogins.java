package io.jdtail.server.ssh;

import io.jdtail.config.DtailConfig;
import io.jdtail.config.LoginName;
import io.jdtail.config.ServerConfig;
import io.jdtail.logging.ClientText;
import org.apache.sshd.common.AttributeRepository;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Logins of relays: other dservers ({@code "Server": {"Relay": true}}) that pass on a request of a user they
 * authenticated themselves, logging in here as that user with their own key pair ({@code job_identity}).
 *
 * <p>A login offering a key listed in {@code <CacheDir>/relays.authorized_keys} is a <em>relay login</em>, and only
 * that: it is accepted as the user it names (the <em>asserted</em> user) when the connecting address matches
 * {@code Server.RelayAllowFrom} (an empty list, the default, accepts no relay). A refusal is logged here with its
 * reason; the relay only learns that authentication failed. What an accepted relay login may read is what the
 * asserted user may read: the session's user is hers, so her {@code Server.Permissions} and her file-system identity
 * apply, never the relay's. A key that is not listed there never asserts anybody: it logs in only the users who
 * list it themselves. The name of a job of this server is not asserted by relays: such logins are job logins
 * ({@link JobLogins}), decided before this class is asked.
 */
public final class RelayLogins {

    /** {@code <CacheDir>/<KEYS_NAME>.authorized_keys} lists the relays' public keys. */
    public static final String KEYS_NAME = ServerConfig.RELAYS_KEYS_NAME;

    /** The relay a session's user came through (set on the SSH session when a relay login is accepted). */
    public static final AttributeRepository.AttributeKey<Relay> RELAYED_BY = new AttributeRepository.AttributeKey<>();

    private static final Logger LOG = LoggerFactory.getLogger(RelayLogins.class);

    /**
     * A relay that logged in.
     *
     * @param address     its address as this server saw it
     * @param fingerprint its key's fingerprint ({@code SHA256:...})
     */
    public record Relay(String address, String fingerprint) {
        @Override
        public String toString() {
            return address + " (key " + fingerprint + ")";
        }
    }

    /** Whether a relay login is accepted, and why (or why not). */
    public record Decision(boolean allowed, String reason) {
    }

    private final List<String> allowFrom;
    private final Path keysFile;
    private final UserKeysAuthenticator keys;
    private final PeerAddresses peers;

    public RelayLogins(DtailConfig config, PeerAddresses.Resolver resolver) {
        this.allowFrom = config.server().relayAllowFrom();
        Path cacheDir = Path.of(config.common().cacheDir());
        this.keysFile = cacheDir.resolve(KEYS_NAME + ".authorized_keys");
        // reads <CacheDir>/relays.authorized_keys (a users' authenticator never does) and no home directory
        this.keys = new UserKeysAuthenticator(cacheDir, name -> Optional.empty(), Set.of());
        this.peers = new PeerAddresses(resolver);
    }

    /** True when {@code key} is listed in {@code <CacheDir>/relays.authorized_keys}: the login is a relay login. */
    public boolean isRelayKey(PublicKey key) {
        return keys.keysOf(KEYS_NAME).keys().stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
    }

    /**
     * Authenticates a relay login asserting {@code user} (see the class comment); logs the decision with its reason
     * and, when accepted, marks the session as {@link #RELAYED_BY} that relay.
     */
    public boolean authenticate(String user, PublicKey key, ServerSession session) {
        SocketAddress remote = session == null ? null : session.getClientAddress();
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        Decision d = check(user, key, address);
        String shownUser = ClientText.escape(user == null ? "null" : user);
        if (d.allowed()) {
            Relay relay = new Relay(address.getHostAddress(), KeyUtils.getFingerPrint(key));
            session.setAttribute(RELAYED_BY, relay);
            LOG.info("{} via relay {}: {}", shownUser, relay, d.reason());
        } else {
            LOG.warn("refusing relay login of {} from {}: {}", shownUser, remote, d.reason());
        }
        return d.allowed();
    }

    /** Decides a relay login from {@code client} offering {@code key} and asserting {@code user}. */
    public Decision check(String user, PublicKey key, InetAddress client) {
        if (!isRelayKey(key)) {
            return new Decision(false, KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key)
                    + (Files.exists(keysFile) ? " is not listed in " : " cannot be listed: no file ") + keysFile);
        }
        if (!LoginName.isValid(user)) {
            return new Decision(false, "the asserted user name is not a valid login name");
        }
        if (allowFrom.isEmpty()) {
            return new Decision(false, "this server accepts no relay: its Server.RelayAllowFrom is empty (list the"
                    + " relays' hosts or addresses there)");
        }
        if (client == null) {
            return new Decision(false, "the connecting address is unknown");
        }
        List<String> seen = new ArrayList<>();
        if (!peers.admit(allowFrom, client, seen)) {
            return new Decision(false, client.getHostAddress() + " is not in Server.RelayAllowFrom " + seen);
        }
        return new Decision(true, "allowed from " + client.getHostAddress() + ", " + KeyUtils.getKeyType(key) + " key "
                + KeyUtils.getFingerPrint(key) + " listed in " + keysFile + "; " + user + "'s permissions apply");
    }
}
