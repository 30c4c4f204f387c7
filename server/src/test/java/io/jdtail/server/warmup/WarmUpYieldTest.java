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
        server = Dserver.start(config, DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0),
                new PlanSessionHandler(config, HostContext.local()));
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

    @Test
    void aClientsRequestDuringTheWarmUpEndsItAtTheNextRequest() throws Exception {
        WarmUp warmUp = new WarmUp(freshServer(), cacheDir, LOG_BYTES);
        List<ClientSession> clients = new ArrayList<>();
        List<WarmUp.Answer> answers = warmUp.run(answer -> {
            if (clients.isEmpty()) {
                try {
                    clients.add(clientRequestStarted());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        for (ClientSession c : clients) {
            c.close();
        }

        assertThat(clients).as("the client's request started").hasSize(1);
        assertThat(answers).as("the warm-up's requests answered").hasSize(1);
        assertThat(cacheDir.resolve("warm-up/warm-up.log")).as("its log, deleted").doesNotExist();
    }

    /**
     * After an upgrade every follow reconnects the moment dserver listens: were the warm-up to give way to them, it
     * would never run where it matters most.
     */
    @Test
    void aFollowDuringTheWarmUpLetsItFinish() throws Exception {
        WarmUp warmUp = new WarmUp(freshServer(), cacheDir, LOG_BYTES);
        List<ClientSession> clients = new ArrayList<>();
        List<WarmUp.Answer> answers;
        try {
            answers = warmUp.run(answer -> {
                if (clients.isEmpty()) {
                    try {
                        clients.add(clientRequestStarted(PlanRequest.Mode.TAIL));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } finally {
            for (ClientSession c : clients) {
                c.close();
            }
        }

        assertThat(clients).as("the client's follow started").hasSize(1);
        assertThat(answers).as("the warm-up's requests answered").hasSize(WarmUp.requests(dir).size());
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
