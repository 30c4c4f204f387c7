package io.jdtail.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.server.permission.UnixUser;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a server accepts from relays asserting a user: the decisions and their reasons. */
class RelayLoginsTest {

    @TempDir
    Path tmp;
    Path cache;
    Path relaysFile;
    KeyPair relayKey;

    /** A resolver the test controls: relay.example → 10.0.0.7, everything else unknown. */
    static final PeerAddresses.Resolver DNS = host -> switch (host) {
        case "relay.example" -> List.of(InetAddress.ofLiteral("10.0.0.7"));
        default -> throw new UnknownHostException(host);
    };

    @BeforeEach
    void setUp() throws Exception {
        cache = Files.createDirectories(tmp.resolve("cache"));
        relaysFile = cache.resolve("relays.authorized_keys");
        relayKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    RelayLogins logins(String relayAllowFrom) throws Exception {
        String json = "{'Common': {'CacheDir': '" + cache + "'}, 'Server': {"
                + (relayAllowFrom.isEmpty() ? "" : "'RelayAllowFrom': " + relayAllowFrom) + "}}";
        DtailConfig config = ConfigLoader.parse(json.replace('\'', '"'), "test").config();
        return new RelayLogins(config, DNS);
    }

    void listRelays(KeyPair... keys) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (KeyPair k : keys) {
            sb.append(PublicKeyEntry.toString(k.getPublic())).append(" jdtail-job@relay\n");
        }
        Files.writeString(relaysFile, sb);
        Files.setPosixFilePermissions(relaysFile, PosixFilePermissions.fromString("rw-------"));
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void aListedKeyFromAnAllowedAddressAssertsTheUser() throws Exception {
        listRelays(relayKey);
        RelayLogins l = logins("['10.0.0.1', 'relay.example']");
        assertTrue(l.isRelayKey(relayKey.getPublic()));
        for (String from : List.of("10.0.0.1", "10.0.0.7")) {
            RelayLogins.Decision d = l.check("nobody", relayKey.getPublic(), ip(from));
            assertTrue(d.allowed(), from + ": " + d.reason());
            assertEquals("allowed from " + from + ", ssh-ed25519 key " + KeyUtils.getFingerPrint(relayKey.getPublic())
                    + " listed in " + relaysFile + "; nobody's permissions apply", d.reason());
        }
    }

    @Test
    void anAddressNotInRelayAllowFromIsRefused() throws Exception {
        listRelays(relayKey);
        RelayLogins.Decision d = logins("['10.0.0.1', 'relay.example', 'gone.example']")
                .check("nobody", relayKey.getPublic(), ip("10.0.0.2"));
        assertFalse(d.allowed());
        assertEquals("10.0.0.2 is not in Server.RelayAllowFrom [10.0.0.1, relay.example = [10.0.0.7],"
                + " gone.example (does not resolve)]", d.reason());
    }

    @Test
    void anEmptyRelayAllowFromAcceptsNoRelay() throws Exception {
        listRelays(relayKey);
        RelayLogins.Decision d = logins("").check("nobody", relayKey.getPublic(), ip("10.0.0.1"));
        assertFalse(d.allowed());
        assertEquals("this server accepts no relay: its Server.RelayAllowFrom is empty (list the relays' hosts or"
                + " addresses there)", d.reason());
    }

    @Test
    void aKeyNotListedForRelaysAssertsNobody() throws Exception {
        RelayLogins l = logins("['10.0.0.1']");
        RelayLogins.Decision none = l.check("nobody", relayKey.getPublic(), ip("10.0.0.1"));
        assertFalse(none.allowed());
        assertEquals("ssh-ed25519 key " + KeyUtils.getFingerPrint(relayKey.getPublic()) + " cannot be listed: no file "
                + relaysFile, none.reason());

        KeyPair other = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        listRelays(other);
        assertFalse(l.isRelayKey(relayKey.getPublic()));
        RelayLogins.Decision wrong = l.check("nobody", relayKey.getPublic(), ip("10.0.0.1"));
        assertFalse(wrong.allowed());
        assertEquals("ssh-ed25519 key " + KeyUtils.getFingerPrint(relayKey.getPublic()) + " is not listed in "
                + relaysFile, wrong.reason());
    }

    @Test
    void anAssertedNameThatIsNoLoginNameIsRefused() throws Exception {
        listRelays(relayKey);
        RelayLogins.Decision d = logins("['10.0.0.1']").check("../root", relayKey.getPublic(), ip("10.0.0.1"));
        assertFalse(d.allowed());
        assertEquals("the asserted user name is not a valid login name", d.reason());
    }

    @Test
    void theRelaysKeysFileLogsInNoUserNamedRelays() throws Exception {
        listRelays(relayKey);
        UserKeysAuthenticator users = new UserKeysAuthenticator(cache, name -> Optional.empty());
        assertFalse(users.authenticate("relays", relayKey.getPublic(), null),
                "a relay's key must not log in as a user named relays without RelayAllowFrom");
        assertEquals(List.of(), users.keyFiles("relays"));
        // her own keys in her home directory still do
        Path home = Files.createDirectories(tmp.resolve("home/relays/.ssh")).getParent();
        KeyPair own = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path ownKeys = Files.writeString(home.resolve(".ssh/authorized_keys"),
                PublicKeyEntry.toString(own.getPublic()) + "\n");
        Files.setPosixFilePermissions(ownKeys, PosixFilePermissions.fromString("rw-------"));
        UserKeysAuthenticator withAccount = new UserKeysAuthenticator(cache, name -> name.equals("relays")
                ? Optional.of(new UnixUser("relays", 4000, 4000, Set.of(4000), Optional.of(home)))
                : Optional.empty());
        assertTrue(withAccount.authenticate("relays", own.getPublic(), null));
        assertFalse(withAccount.authenticate("relays", relayKey.getPublic(), null));
    }
}
