package io.jdtail.server.ssh;

import io.jdtail.config.CommonConfig;
import io.jdtail.remote.ClientAlgorithms;
import io.jdtail.config.DtailConfig;
import io.jdtail.config.ServerConfig;
import io.jdtail.server.permission.UnixUser;
import io.jdtail.server.permission.UserDirectory;
import io.jdtail.ssh.security.SshSecurity;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/** A real dserver on 127.0.0.1 and a real MINA client, per test. */
final class SshTestSupport implements AutoCloseable {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    final Path dir;
    final Path cacheDir;
    final Map<String, UnixUser> accounts = new ConcurrentHashMap<>();
    final UserDirectory users = name -> Optional.ofNullable(accounts.get(name));
    final SshClient client;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    Dserver server;

    SshTestSupport(Path dir) throws IOException {
        this.dir = dir;
        this.cacheDir = Files.createDirectories(dir.resolve("cache"));
        this.client = SshClient.setUpDefaultClient();
        ClientAlgorithms.apply(client);
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    DtailConfig config(int maxConnections) {
        DtailConfig d = DtailConfig.defaults();
        CommonConfig common = d.common().withCacheDir(cacheDir.toString());
        ServerConfig server = d.server().withHostKeyFile(cacheDir.resolve("ssh_host_key").toString())
                .withMaxConnections(maxConnections);
        return d.withCommon(common).withServer(server);
    }

    DserverOptions options() {
        return DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0).withUsers(users);
    }

    Dserver start(int maxConnections, UnaryOperator<DserverOptions> tweak, SessionHandler handler) throws IOException {
        server = Dserver.start(config(maxConnections), tweak.apply(options()), handler);
        return server;
    }

    Dserver start() throws IOException {
        return start(10, o -> o, ECHO);
    }

    static KeyPair ed25519() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    static KeyPair rsa() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_RSA, 2048);
    }

    static KeyPair ecdsa() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
    }

    /** Writes {@code <cache>/<user>.authorized_keys} (mode 0600) listing the keys. */
    Path authorize(String user, KeyPair... keys) throws IOException {
        return writeKeys(cacheDir.resolve(user + ".authorized_keys"), keys);
    }

    static Path writeKeys(Path file, KeyPair... keys) throws IOException {
        StringBuilder sb = new StringBuilder("# test keys\n");
        for (KeyPair k : keys) {
            sb.append(PublicKeyEntry.toString(k.getPublic())).append(" test@jdtail\n");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    void addAccount(String name, int uid, Path home) {
        accounts.put(name, new UnixUser(name, uid, uid, Set.of(uid), Optional.ofNullable(home)));
    }

    /** Connects without authenticating. */
    ClientSession connect(String user) throws IOException {
        ClientSession s = client.connect(user, "127.0.0.1", server.port()).verify(TIMEOUT).getClientSession();
        toClose.add(s);
        return s;
    }

    /** Connects and authenticates with {@code key}; throws if authentication fails. */
    ClientSession login(String user, KeyPair key) throws IOException {
        ClientSession s = connect(user);
        s.addPublicKeyIdentity(key);
        s.auth().verify(TIMEOUT);
        return s;
    }

    /** Authenticates; true if accepted, false if refused. */
    boolean canLogin(String user, KeyPair key) throws IOException {
        try (ClientSession s = connect(user)) {
            return authenticates(s, key);
        }
    }

    /** Authenticates the connected {@code session} with {@code key}; true if accepted, false if refused. */
    static boolean authenticates(ClientSession session, KeyPair key) throws IOException {
        session.addPublicKeyIdentity(key);
        try {
            session.auth().verify(TIMEOUT);
            return session.isAuthenticated();
        } catch (org.apache.sshd.common.SshException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        client.stop();
        if (server != null) {
            server.close();
        }
    }

    /** Writes "hello USER\n", then echoes every byte until end of input. */
    static final SessionHandler ECHO = ch -> {
        OutputStream out = ch.out();
        out.write(("hello " + ch.user() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = ch.in();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    };

    /**
     * A handler that stays quiet like a follow session on a file nobody writes to, until it is interrupted: the
     * latches say that it started, that its close callback ran and that it returned; {@code closedWhenInterrupted}
     * whether the channel was already closed when the interrupt came. Being blocked until dserver interrupts it is
     * what the tests check, so it blocks in a sleep that only the interrupt ends (bounded at a minute).
     */
    record QuietSession(CountDownLatch started, CountDownLatch closed, CountDownLatch handlerDone,
                        AtomicBoolean closedWhenInterrupted) {
        QuietSession() {
            this(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1), new AtomicBoolean());
        }

        SessionHandler handler() {
            return ch -> {
                ch.onClose(closed::countDown);
                started.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    closedWhenInterrupted.set(ch.isClosed());
                    Thread.currentThread().interrupt();
                } finally {
                    handlerDone.countDown();
                }
            };
        }
    }
}
