package io.jdtail.server.warmup;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.Handshake;
import io.jdtail.engine.wire.Messages;
import io.jdtail.remote.ClientAlgorithms;
import io.jdtail.remote.RemoteRun;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import io.jdtail.server.ssh.JdtailSubsystemFactory;
import io.jdtail.ssh.security.SshSecurity;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up gives way to the clients: once a client's request has started on dserver, the warm-up sends no further
 * request (and ends the one in flight), so that a first request that comes during the warm-up does not share the CPU
 * with it. A real client (the system user {@code nobody}, with a key in dserver's cache directory) sends a real
 * request over SSH; that dserver has greeted it is what the test waits for. Each test has a dserver of its own (the
 * warm-up's login accepts one connection for good).
 */
class WarmUpYieldTest {

    private static final long LOG_BYTES = 64 << 10;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLIENT = "nobody";

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    @TempDir
    static Path dir;
    static Path cacheDir;
    static DtailConfig config;
    static KeyPair clientKey;
    static SshClient client;
    Dserver server;

    @BeforeAll
    static void clientAndKeys() throws Exception {
        cacheDir = Files.createDirectories(dir.resolve("cache"));
        DtailConfig d = DtailConfig.defaults();
        config = d.withCommon(d.common().withCacheDir(cacheDir.toString()))
                .withServer(d.server().withHostKeyFile(cacheDir.resolve("ssh_host_key").toString()));
        clientKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path keys = cacheDir.resolve(CLIENT + ".authorized_keys");
        Files.writeString(keys, PublicKeyEntry.toString(clientKey.getPublic()) + " warm-up-yield-test\n");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        client = SshClient.setUpDefaultClient();
        ClientAlgorithms.apply(client);
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    @AfterAll
    static void stopClient() {
        client.stop();
    }

    private Dserver freshServer() throws IOException {
        return freshServer(config);
    }

    private Dserver freshServer(DtailConfig with) throws IOException {
        server = Dserver.start(with, DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0),
                new PlanSessionHandler(with, HostContext.local()));
        return server;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * A client's session with a request started on dserver, once dserver has greeted it (dserver has then started
     * the request's channel); closing it ends the request.
     */
    private ClientSession clientRequestStarted() throws IOException {
        return clientRequestStarted(PlanRequest.Mode.CAT);
    }

    private ClientSession clientRequestStarted(PlanRequest.Mode mode) throws IOException {
        ClientSession session = client.connect(CLIENT, "127.0.0.1", server.port()).verify(WAIT).getClientSession();
        session.addPublicKeyIdentity(clientKey);
        session.auth().verify(WAIT);
        ChannelSubsystem channel = session.createSubsystemChannel(JdtailSubsystemFactory.NAME);
        channel.open().verify(WAIT);
        FrameCodec codec = new FrameCodec(channel.getInvertedOut(), channel.getInvertedIn(), RemoteRun.MAX_FRAME);
        PlanRequest request = new PlanRequest(mode, List.of(cacheDir.resolve("none.log").toString()),
                ".", false, 0, 0, 0, Optional.empty());
        Handshake.start(codec, FrameType.REQUEST, Messages.request(request));
        Handshake.checkServerHello(codec.read());
        return session;
    }

    /** What {@link #runWithAClientsRequest} saw: whether the client's request started, and the warm-up's answers. */
    private record Run(boolean clientStarted, List<WarmUp.Answer> answers) {
    }

    /** Runs {@code warmUp}, starting a client's request of {@code mode} once the warm-up's first answer came. */
    private Run runWithAClientsRequest(WarmUp warmUp, PlanRequest.Mode mode) throws Exception {
        List<ClientSession> clients = new ArrayList<>();
        try {
            List<WarmUp.Answer> answers = warmUp.run(answer -> {
                if (clients.isEmpty()) {
                    try {
                        clients.add(clientRequestStarted(mode));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            return new Run(clients.size() == 1, answers);
        } finally {
            for (ClientSession c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aClientsRequestDuringTheWarmUpEndsItAtTheNextRequest() throws Exception {
        Run run = runWithAClientsRequest(new WarmUp(freshServer(), cacheDir, LOG_BYTES), PlanRequest.Mode.CAT);

        assertThat(run.clientStarted()).as("the client's request started").isTrue();
        assertThat(run.answers()).as("the warm-up's requests answered").hasSize(1);
        assertThat(cacheDir).as("its log, deleted").isDirectoryNotContaining("glob:**/warm-up*");
    }

    /**
     * The warm-up's connection takes none of the clients' {@code MaxConnections}: with one allowed, a client that
     * comes during the warm-up is served (and the warm-up gives way), not told "too many connections".
     */
    @Test
    void theWarmUpTakesNoneOfTheClientsConnections() throws Exception {
        Dserver oneConnection = freshServer(config.withServer(config.server().withMaxConnections(1)));
        Run run = runWithAClientsRequest(new WarmUp(oneConnection, cacheDir, LOG_BYTES), PlanRequest.Mode.CAT);

        assertThat(run.clientStarted()).as("the client's request started").isTrue();
        assertThat(run.answers()).as("the warm-up's requests answered").hasSize(1);
    }

    /**
     * After an upgrade every follow reconnects the moment dserver listens: were the warm-up to give way to them, it
     * would never run where it matters most.
     */
    @Test
    void aFollowDuringTheWarmUpLetsItFinish() throws Exception {
        Run run = runWithAClientsRequest(new WarmUp(freshServer(), cacheDir, LOG_BYTES), PlanRequest.Mode.TAIL);

        assertThat(run.clientStarted()).as("the client's follow started").isTrue();
        assertThat(run.answers()).as("the warm-up's requests answered").hasSize(WarmUp.requests(dir).size());
    }

    @Test
    void aClientsRequestBeforeTheWarmUpLeavesItNothingToDo() throws Exception {
        WarmUp warmUp = new WarmUp(freshServer(), cacheDir, LOG_BYTES);
        try (ClientSession first = clientRequestStarted()) {
            assertThat(warmUp.run()).as("the warm-up's requests answered").isEmpty();
        }
        assertThat(server.warmUpLogin().expect(new java.net.InetSocketAddress("127.0.0.1", 40000),
                cacheDir.resolve("warm-up/warm-up.log"))).as("its login accepts nothing more").isFalse();
    }
}
