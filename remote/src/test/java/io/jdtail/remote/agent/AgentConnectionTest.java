package io.jdtail.remote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AgentConnection} against the real OpenSSH ssh-agent (listing, signing), and against sockets
 * that are not agents: nobody there, silence, garbage. Every failure must be a prompt IOException
 * naming the socket.
 */
@Timeout(60)
class AgentConnectionTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    OpenSshAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = OpenSshAgent.start(dir);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    static List<String> entries(Iterable<? extends Map.Entry<PublicKey, String>> identities) {
        List<String> out = new ArrayList<>();
        identities.forEach(e -> out.add(PublicKeyEntry.toString(e.getKey()) + " " + e.getValue()));
        return out;
    }

    static String entry(OpenSshAgent.Key key) {
        return PublicKeyEntry.toString(key.publicKey()) + " " + key.comment();
    }

    @Test
    void listsExactlyTheKeysAddedInTheirOrder() throws Exception {
        OpenSshAgent.Key ed25519 = agent.addNew("ed25519", "id_ed");
        OpenSshAgent.Key ecdsa = agent.addNew("ecdsa", "id_ec");
        OpenSshAgent.Key rsa = agent.addNew("rsa", "id_rsa");
        try (AgentConnection connection = AgentConnection.open(agent.socket(), TIMEOUT)) {
            assertThat(entries(connection.getIdentities())).containsExactly(entry(ed25519), entry(ecdsa), entry(rsa));
            // one connection serves request after request, as MINA lists first and signs later
            assertThat(entries(connection.getIdentities())).hasSize(3);
        }
    }

    @Test
    void anEmptyAgentListsNothing() throws Exception {
        try (AgentConnection connection = AgentConnection.open(agent.socket(), TIMEOUT)) {
            assertThat(connection.getIdentities()).isEmpty();
        }
    }

    @Test
    void theAgentsSignaturesVerifyWithThePublicKeys() throws Exception {
        OpenSshAgent.Key ed25519 = agent.addNew("ed25519", "id_ed");
        OpenSshAgent.Key ecdsa = agent.addNew("ecdsa", "id_ec");
        OpenSshAgent.Key rsa = agent.addNew("rsa", "id_rsa");
        byte[] data = "session id and user auth request".getBytes(StandardCharsets.UTF_8);
        byte[] other = "something else".getBytes(StandardCharsets.UTF_8);
        Map<OpenSshAgent.Key, List<String>> algorithms = Map.of(
                ed25519, List.of("ssh-ed25519"),
                ecdsa, List.of("ecdsa-sha2-nistp256"),
                // the agent must honour the SHA-2 flags: servers refuse SHA-1 "ssh-rsa"
                rsa, List.of("rsa-sha2-256", "rsa-sha2-512"));
        try (AgentConnection connection = AgentConnection.open(agent.socket(), TIMEOUT)) {
            for (var e : algorithms.entrySet()) {
                for (String algorithm : e.getValue()) {
                    Map.Entry<String, byte[]> signed = connection.sign(null, e.getKey().publicKey(), algorithm, data);
                    assertThat(signed.getKey()).as("algorithm of the signature").isEqualTo(algorithm);
                    assertThat(verifies(algorithm, e.getKey().publicKey(), data, signed.getValue())).as(algorithm).isTrue();
                    assertThat(verifies(algorithm, e.getKey().publicKey(), other, signed.getValue())).as(algorithm + " on other data").isFalse();
                }
            }
        }
    }

    static boolean verifies(String algorithm, PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature verifier = BuiltinSignatures.fromFactoryName(algorithm).create();
        verifier.initVerifier(null, key);
        verifier.update(null, data);
        return verifier.verify(null, signature);
    }

    @Test
    void aKeyTheAgentDoesNotHoldIsRefused() throws Exception {
        agent.addNew("ed25519", "id_ed");
        OpenSshAgent.Key stranger = OpenSshAgent.keygen(dir, "ed25519", "stranger");
        try (AgentConnection connection = AgentConnection.open(agent.socket(), TIMEOUT)) {
            assertThatThrownBy(() -> connection.sign(null, stranger.publicKey(), "ssh-ed25519", new byte[] {1, 2, 3}))
                    .isInstanceOf(IOException.class).hasMessageContaining("SSH_AGENT_FAILURE");
        }
    }

    @Test
    void noAgentAtThePathIsAnErrorNamingIt() {
        Path missing = dir.resolve("missing.sock");
        assertThatThrownBy(() -> AgentConnection.open(missing, TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot connect to the ssh-agent at " + missing + ": ");
    }

    @Test
    void anAgentThatNeverAnswersTimesOut() throws Exception {
        // a listening socket nobody serves: connecting succeeds (the backlog), the answer never comes
        Path silent = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(silent));
            try (AgentConnection connection = AgentConnection.open(silent, Duration.ofMillis(300))) {
                long start = System.nanoTime();
                assertThatThrownBy(connection::getIdentities)
                        .isInstanceOf(SocketTimeoutException.class)
                        .hasMessage("the ssh-agent at " + silent + " did not answer within 300 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void anHttpServerIsNotTakenForAnAgent() throws Exception {
        assertThatThrownBy(() -> listFrom("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered with a message of " + 0x48545450L + " bytes")
                .hasMessageContaining("an ssh-agent's socket?");
    }

    @Test
    void aTruncatedAnswerIsMalformed() throws Exception {
        // IDENTITIES_ANSWER (12) announcing 9 keys, and nothing after it
        assertThatThrownBy(() -> listFrom(new byte[] {0, 0, 0, 5, 12, 0, 0, 0, 9}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sent a malformed answer");
    }

    @Test
    void anAgentThatHangsUpIsAnError() throws Exception {
        assertThatThrownBy(() -> listFrom(new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection without an answer");
    }

    /** Lists identities from a one-shot server that answers the first request with {@code reply} and hangs up. */
    private Iterable<? extends Map.Entry<PublicKey, String>> listFrom(byte[] reply) throws Exception {
        Path path = dir.resolve("fake.sock");
        java.nio.file.Files.deleteIfExists(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            Thread fake = Thread.ofVirtual().start(() -> {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(64));
                    client.write(ByteBuffer.wrap(reply));
                } catch (IOException e) {
                    // the test ended first
                }
            });
            try (AgentConnection connection = AgentConnection.open(path, TIMEOUT)) {
                return connection.getIdentities();
            } finally {
                fake.join(TIMEOUT);
            }
        }
    }
}
