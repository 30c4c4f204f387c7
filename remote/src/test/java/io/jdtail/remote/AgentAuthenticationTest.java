package io.jdtail.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.remote.agent.OpenSshAgent;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.ssh.security.SshSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RemoteRun} authenticating through the real OpenSSH ssh-agent against a MINA server on
 * 127.0.0.1 that accepts only the keys a test names. The server runs a minimal jdtail subsystem
 * (HELLO, one LINE naming the user, DONE), so a run that returns no failure and shows that line
 * has authenticated and exchanged frames. The order of offered keys is what the server saw.
 */
@Timeout(60)
class AgentAuthenticationTest {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    static final PlanRequest CAT = new PlanRequest(PlanRequest.Mode.CAT, List.of("/var/log/x.log"), ".", false, 0, 0, 0, Optional.empty());

    @TempDir
    Path dir;

    Path noKeys;
    OpenSshAgent agent;
    SshServer server;
    final List<PublicKey> accepted = new CopyOnWriteArrayList<>();
    /** Every key a client offered, in order (a key is offered once unsigned, then once signed). */
    final List<PublicKey> offered = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        noKeys = Files.createDirectories(dir.resolve("no-keys"));
        agent = OpenSshAgent.start(Files.createDirectories(dir.resolve("agent")));
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host_key")));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator((user, key, session) -> {
            offered.add(key);
            return accepted.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        });
        server.setSubsystemFactories(List.of(new GreetingSubsystem()));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            server.stop(true);
        } finally {
            agent.close();
        }
    }

    RemoteSettings settings(List<Path> keyFiles, Optional<Path> agentSocket) {
        return new RemoteSettings("alice", keyFiles, agentSocket, noKeys.resolve("known_hosts"), true, 4,
                Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    /** One run on the test server; returns its failures. */
    List<ServerFailure> run(RemoteSettings settings) throws Exception {
        try (RemoteRun run = new RemoteRun(settings, new LineCollector(), HostPrompt.REFUSE, warnings::add)) {
            return run.run(List.of(new ServerAddress("127.0.0.1", server.getPort())), CAT, () -> false);
        }
    }

    @Test
    void authenticatesWithTheAgentsKeyAndNoKeyFile() throws Exception {
        OpenSshAgent.Key key = agent.addNew("ed25519", "id_ed25519");
        accepted.add(key.publicKey());

        assertThat(run(settings(List.of(), Optional.of(agent.socket())))).isEmpty();
        assertThat(lines).containsExactly("hello alice");
        assertThat(warnings).isEmpty();
    }

    @Test
    void triesTheAgentsKeysInTurnAndSignsWithRsaSha2() throws Exception {
        OpenSshAgent.Key ed25519 = agent.addNew("ed25519", "id_ed25519");
        OpenSshAgent.Key rsa = agent.addNew("rsa", "id_rsa");
        accepted.add(rsa.publicKey());

        assertThat(run(settings(List.of(), Optional.of(agent.socket())))).isEmpty();
        assertThat(lines).containsExactly("hello alice");
        assertThat(offered).first().matches(k -> KeyUtils.compareKeys(k, ed25519.publicKey()), "the agent's first key");
        assertThat(offered).anyMatch(k -> KeyUtils.compareKeys(k, rsa.publicKey()));
    }

    @Test
    void offersTheAgentsKeysBeforeTheKeyFiles() throws Exception {
        OpenSshAgent.Key inAgent = agent.addNew("ed25519", "in_agent");
        OpenSshAgent.Key inFile = OpenSshAgent.keygen(noKeys, "ecdsa", "id_ecdsa");
        accepted.add(inFile.publicKey());

        assertThat(run(settings(List.of(inFile.file()), Optional.of(agent.socket())))).isEmpty();
        assertThat(offered).first().matches(k -> KeyUtils.compareKeys(k, inAgent.publicKey()), "the agent's key");
        assertThat(offered).last().matches(k -> KeyUtils.compareKeys(k, inFile.publicKey()), "the key file");
    }

    @Test
    void withoutAnAgentOnlyTheKeyFilesAreOffered() throws Exception {
        OpenSshAgent.Key inAgent = agent.addNew("ed25519", "in_agent");
        OpenSshAgent.Key inFile = OpenSshAgent.keygen(noKeys, "ed25519", "given");
        accepted.add(inAgent.publicKey());
        accepted.add(inFile.publicKey());

        // what --key PATH gives: that file, no agent, even though the agent holds an accepted key
        assertThat(run(settings(List.of(inFile.file()), Optional.empty()))).isEmpty();
        assertThat(offered).isNotEmpty().allMatch(k -> KeyUtils.compareKeys(k, inFile.publicKey()));
    }

    @Test
    void anEmptyAgentAndNoKeyFileIsOneClearError() {
        assertThatThrownBy(() -> run(settings(List.of(), Optional.of(agent.socket()))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("no private key to offer (no key file; the ssh-agent at " + agent.socket() + " holds no keys)")
                .hasMessageContaining("ssh-add")
                .hasMessageContaining("--key PATH");
        assertThat(offered).isEmpty();
    }

    @Test
    void anUnreachableAgentAndNoKeyFileIsOneClearError() {
        Path gone = dir.resolve("gone.sock");
        assertThatThrownBy(() -> run(settings(List.of(), Optional.of(gone))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("no private key to offer (no key file; cannot connect to the ssh-agent at " + gone + ": ");
    }

    @Test
    void anUnreachableAgentIsAWarningWhileKeyFilesRemain() throws Exception {
        OpenSshAgent.Key inFile = OpenSshAgent.keygen(noKeys, "ed25519", "id_ed25519");
        accepted.add(inFile.publicKey());
        Path garbage = Files.writeString(dir.resolve("not-a-socket"), "just a file");

        assertThat(run(settings(List.of(inFile.file()), Optional.of(garbage)))).isEmpty();
        assertThat(lines).containsExactly("hello alice");
        assertThat(warnings).singleElement().asString()
                .startsWith("cannot connect to the ssh-agent at " + garbage + ": ")
                .endsWith("; authenticating with the key files only (" + inFile.file() + ")");
    }

    @Test
    void aSilentAgentIsAWarningAfterTheConnectTimeout() throws Exception {
        OpenSshAgent.Key inFile = OpenSshAgent.keygen(noKeys, "ed25519", "id_ed25519");
        accepted.add(inFile.publicKey());
        Path silent = dir.resolve("silent.sock");
        try (ServerSocketChannel nobodyAnswers = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            nobodyAnswers.bind(UnixDomainSocketAddress.of(silent));
            RemoteSettings settings = new RemoteSettings("alice", List.of(inFile.file()), Optional.of(silent),
                    noKeys.resolve("known_hosts"), true, 4, Duration.ofSeconds(2), Duration.ofSeconds(20));
            long start = System.nanoTime();
            assertThat(run(settings)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
        }
        assertThat(lines).containsExactly("hello alice");
        assertThat(warnings).containsExactly("the ssh-agent at " + silent + " did not answer within 2 s"
                + "; authenticating with the key files only (" + inFile.file() + ")");
    }

    @Test
    void anAgentThatStopsDuringTheRunLeavesTheKeyFilesAndOneWarning() throws Exception {
        agent.addNew("ed25519", "in_agent");
        OpenSshAgent.Key inFile = OpenSshAgent.keygen(noKeys, "ed25519", "id_ed25519");
        accepted.add(inFile.publicKey());
        RemoteSettings settings = settings(List.of(inFile.file()), Optional.of(agent.socket()));
        List<ServerAddress> servers = List.of(new ServerAddress("127.0.0.1", server.getPort()));

        try (RemoteRun run = new RemoteRun(settings, new LineCollector(), HostPrompt.REFUSE, warnings::add)) {
            assertThat(warnings).isEmpty();
            agent.close();
            // two sessions, one after the other: both fall back to the key file, the warning comes once
            assertThat(run.run(servers, CAT, () -> false)).isEmpty();
            assertThat(run.run(servers, CAT, () -> false)).isEmpty();
        }
        assertThat(lines).containsExactly("hello alice", "hello alice");
        assertThat(warnings).singleElement().asString()
                .startsWith("cannot connect to the ssh-agent at " + agent.socket())
                .endsWith("; authenticating with the key files only");
    }

    /** Keeps the text of LINE frames. */
    final class LineCollector implements RemoteSink {
        @Override
        public void lines(ServerAddress server, LineBatch batch) {
            batch.forEach((file, number, pct, terminated, buf, off, len) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8)));
        }

        @Override
        public void separator(ServerAddress server) {
        }

        @Override
        public void partial(ServerAddress server, PartialFrame partial) {
        }

        @Override
        public void stats(ServerAddress server, Messages.Stats stats) {
        }

        @Override
        public void problem(ServerAddress server, String message) {
            lines.add("problem: " + message);
        }
    }

    /** The jdtail subsystem at its smallest: greets, reads the request, sends "hello USER" and DONE. */
    static final class GreetingSubsystem implements SubsystemFactory {
        @Override
        public String getName() {
            return FrameCodec.PROTOCOL;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new Command() {
                private InputStream in;
                private OutputStream out;
                private ExitCallback exit;

                @Override
                public void setInputStream(InputStream in) {
                    this.in = in;
                }

                @Override
                public void setOutputStream(OutputStream out) {
                    this.out = out;
                }

                @Override
                public void setErrorStream(OutputStream err) {
                }

                @Override
                public void setExitCallback(ExitCallback callback) {
                    this.exit = callback;
                }

                @Override
                public void start(ChannelSession channel, Environment env) {
                    String user = channel.getSession().getUsername();
                    Thread.ofVirtual().start(() -> {
                        try {
                            FrameCodec codec = new FrameCodec(in, out, 1 << 20);
                            FrameCodec.Frame hello = codec.read();
                            FrameCodec.Frame request = codec.read();
                            if (hello == null || hello.type() != FrameType.HELLO || request == null || request.type() != FrameType.REQUEST) {
                                exit.onExit(1, "expected HELLO and REQUEST");
                                return;
                            }
                            codec.write(FrameType.HELLO, Messages.hello(new Messages.Hello(FrameCodec.PROTOCOL, FrameCodec.VERSION)));
                            byte[] text = ("hello " + user).getBytes(StandardCharsets.UTF_8);
                            LineBatch.Writer line = new LineBatch.Writer();
                            line.add("x.log", 1, 100, true, text, 0, text.length);
                            codec.write(FrameType.LINE, line.array(), 0, line.size());
                            codec.write(FrameType.DONE, new byte[0]);
                            codec.flush();
                            exit.onExit(0);
                        } catch (IOException e) {
                            exit.onExit(1, e.toString());
                        }
                    });
                }

                @Override
                public void destroy(ChannelSession channel) {
                }
            };
        }
    }
}
