package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.remote.ServerAddress;
import io.jdtail.server.LogCapture;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.job.JobIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leaf dserver's trust of a relay, on real dservers on 127.0.0.1: a login with the relay's key pair (its
 * {@code job_identity}, as a relay makes it) asserting user {@code nobody} is accepted only when that key is in the
 * leaf's {@code <CacheDir>/relays.authorized_keys} and the connecting address is in its {@code Server.RelayAllowFrom};
 * it then reads exactly what nobody reads when she logs in herself (her rules, her file-system identity: never the
 * relay's, never root's, although dserver runs as root), and the leaf's log says "nobody via relay ...".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayTrustTest {

    static final String NOBODY_RULES = "\"Permissions\": {\"Default\": [\"readfiles:^/\"],"
            + " \"nobody\": [\"readfiles:^/\", \"!readfiles:ruled-out\"]}";

    E2eServers fixture;
    Path dir;
    JobIdentity relay;
    Path nobodyKeyFile;
    Path open;
    Path secret;
    Path ruledOut;
    Server leaf;
    Server closedLeaf;
    Server elsewhereLeaf;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        dir = tmp.toRealPath();
        fixture = new E2eServers(dir);
        Path logs = logsEveryoneMayEnter(dir);
        open = file(logs.resolve("open.log"), "open line 1\nopen line 2\n", "rw-r--r--");
        // root's, mode 0600: nobody may not read it, root (and so the relay's dserver, and this one) may
        secret = file(logs.resolve("secret.log"), "SECRET 1\n", "rw-------");
        // readable by all, but outside nobody's rules on the leaf
        ruledOut = file(logs.resolve("ruled-out.log"), "RULED OUT 1\n", "rw-r--r--");

        relay = JobIdentity.load(Files.createDirectories(dir.resolve("relay-cache")));
        file(fixture.cacheDir.resolve("relays.authorized_keys"), relay.authorizedKeysLine() + "\n", "rw-------");
        KeyPair nobodyKey = E2eServers.ed25519();
        nobodyKeyFile = E2eServers.writePrivateKey(dir.resolve("keys").resolve("nobody_ed25519"), nobodyKey);
        fixture.authorize("nobody", nobodyKey);

        leaf = fixture.start("e2e-leaf", "\"RelayAllowFrom\": [\"127.0.0.1\"], " + NOBODY_RULES);
        closedLeaf = fixture.start("e2e-closed-leaf", NOBODY_RULES);
        elsewhereLeaf = fixture.start("e2e-elsewhere-leaf", "\"RelayAllowFrom\": [\"10.255.0.1\"], " + NOBODY_RULES);
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    /** {@code dir/logs}, made, with {@code dir} and every directory above it up to its parent open to all (nobody too). */
    static Path logsEveryoneMayEnter(Path dir) throws java.io.IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (Path p = logs; !p.equals(dir.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return logs;
    }

    static Path file(Path p, String content, String mode) throws Exception {
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    /** Runs dcat of the three files as {@code user} offering {@code key}; the sink, failures asserted. */
    RecordingSink cat(Server server, String user, Path key, Map<ServerAddress, String> expectedFailures)
            throws Exception {
        RecordingSink sink = new RecordingSink();
        Map<ServerAddress, String> failed = fixture.run(fixture.settings(user, key), sink, List.of(server),
                E2eServers.cat(open.toString(), secret.toString(), ruledOut.toString()));
        assertThat(failed).as("session failures").isEqualTo(expectedFailures);
        return sink;
    }

    static String text(RecordingSink sink, Server s) {
        return new String(sink.plainBytes(s), StandardCharsets.UTF_8);
    }

    @Test
    void aListedRelayFromAnAllowedAddressReadsWhatTheAssertedUserReadsHerself() throws Exception {
        RecordingSink viaRelay;
        try (LogCapture log = new LogCapture("io.jdtail.server.ssh")) {
            viaRelay = cat(leaf, "nobody", relay.privateKeyFile(), Map.of());
            log.await(lines -> lines.stream().anyMatch(l -> l.startsWith("INFO nobody via relay 127.0.0.1 (key "
                    + relay.fingerprint() + ")") && l.contains("jdtail channel")), E2eServers.WAIT,
                    "the leaf to log the channel of nobody via the relay");
        }
        assertThat(text(viaRelay, leaf)).isEqualTo("open line 1\nopen line 2\n");
        assertThat(viaRelay.problems).containsExactlyInAnyOrder(secret + ": not allowed",
                ruledOut + ": denied for user nobody by server rule \"!readfiles:ruled-out\"");

        RecordingSink herself = cat(leaf, "nobody", nobodyKeyFile, Map.of());
        assertThat(text(viaRelay, leaf)).isEqualTo(text(herself, leaf));
        assertThat(viaRelay.problems).containsExactlyInAnyOrderElementsOf(herself.problems);

        // the same relay asserting root reads what root reads: the user decides, not the key
        RecordingSink asRoot = cat(leaf, "root", relay.privateKeyFile(), Map.of());
        assertThat(text(asRoot, leaf)).isEqualTo("open line 1\nopen line 2\nSECRET 1\nRULED OUT 1\n");
    }

    @Test
    void aRelayAssertingAUserWithoutAnAccountHereReadsNothing() throws Exception {
        // accepted as the relay it is, but the user it names has no account on the leaf: as if she logged in herself
        RecordingSink sink = cat(leaf, "jdtail-no-such-user", relay.privateKeyFile(), Map.of());
        assertThat(text(sink, leaf)).isEmpty();
        assertThat(sink.problems).containsExactlyInAnyOrder(open + ": not allowed", secret + ": not allowed",
                ruledOut + ": not allowed");
    }

    @Test
    void aLeafWhoseRelayAllowFromIsEmptyRefusesTheRelay() throws Exception {
        try (LogCapture log = new LogCapture("io.jdtail.server.ssh")) {
            cat(closedLeaf, "nobody", relay.privateKeyFile(), Map.of(closedLeaf.address(),
                    "authentication failed: the server accepts none of the offered keys for user nobody"));
            log.await(lines -> lines.stream().anyMatch(l -> l.startsWith("WARN refusing relay login of nobody from ")
                    && l.endsWith(": this server accepts no relay: its Server.RelayAllowFrom is empty (list the relays'"
                    + " hosts or addresses there)")), E2eServers.WAIT, "the leaf to log why it refused the relay");
        }
    }

    @Test
    void aLeafRefusesTheRelayFromAnAddressNotInRelayAllowFrom() throws Exception {
        try (LogCapture log = new LogCapture("io.jdtail.server.ssh")) {
            cat(elsewhereLeaf, "nobody", relay.privateKeyFile(), Map.of(elsewhereLeaf.address(),
                    "authentication failed: the server accepts none of the offered keys for user nobody"));
            log.await(lines -> lines.stream().anyMatch(l -> l.startsWith("WARN refusing relay login of nobody from ")
                    && l.endsWith(": 127.0.0.1 is not in Server.RelayAllowFrom [10.255.0.1]")), E2eServers.WAIT,
                    "the leaf to log why it refused the relay");
        }
    }

    @Test
    void aKeyThatIsNotARelaysAssertsNobodyElse() throws Exception {
        // nobody's own key, from an address relays may come from, cannot log in as root
        cat(leaf, "root", nobodyKeyFile, Map.of(leaf.address(),
                "authentication failed: the server accepts none of the offered keys for user root"));
        // nor can a key listed nowhere log in as nobody
        Path stranger = E2eServers.writePrivateKey(dir.resolve("keys").resolve("stranger_ed25519"), E2eServers.ed25519());
        cat(leaf, "nobody", stranger, Map.of(leaf.address(),
                "authentication failed: the server accepts none of the offered keys for user nobody"));
    }
}
