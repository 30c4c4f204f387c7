package io.jdtail.server.ssh;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.jdtail.server.ssh.SshTestSupport.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Public-key authentication against authorized_keys files. */
class AuthenticationTest {

    @TempDir
    Path dir;
    SshTestSupport t;

    @BeforeEach
    void setUp() throws Exception {
        t = new SshTestSupport(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        t.close();
    }

    static KeyPair key(String type) throws Exception {
        return switch (type) {
            case "rsa" -> SshTestSupport.rsa();
            case "ecdsa" -> SshTestSupport.ecdsa();
            case "ed25519" -> SshTestSupport.ed25519();
            default -> throw new IllegalArgumentException(type);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ecdsa", "ed25519"})
    void listedKeyOfEachTypeIsAccepted(String type) throws Exception {
        t.start();
        KeyPair k = key(type);
        t.authorize("alice", SshTestSupport.ed25519(), k);   // not the first line either
        ClientSession s = t.login("alice", k);
        assertTrue(s.isAuthenticated());
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        t.start();
        t.authorize("alice", SshTestSupport.ed25519(), SshTestSupport.ecdsa());
        assertFalse(t.canLogin("alice", SshTestSupport.ed25519()));
    }

    @Test
    void keyOfAnotherUserIsRefused() throws Exception {
        t.start();
        KeyPair alice = SshTestSupport.ed25519();
        t.authorize("alice", alice);
        t.authorize("bob", SshTestSupport.ed25519());
        assertFalse(t.canLogin("bob", alice));
        assertFalse(t.canLogin("carol", alice));        // no keys file at all
        assertTrue(t.canLogin("alice", alice));
    }

    @Test
    void userNamesThatAreNotLoginNamesAreRefused() throws Exception {
        t.start();
        KeyPair k = SshTestSupport.ed25519();
        // a key file a path-traversing name would reach: <cache>/../x.authorized_keys
        SshTestSupport.writeKeys(dir.resolve("x.authorized_keys"), k);
        assertFalse(t.canLogin("../x", k));
        assertFalse(t.canLogin("-x", k));
    }

    @Test
    void passwordAndKeyboardInteractiveAreNotOffered() throws Exception {
        t.start();
        t.authorize("alice", SshTestSupport.ed25519());
        try (ClientSession s = t.connect("alice")) {
            s.addPasswordIdentity("secret");
            assertThrows(org.apache.sshd.common.SshException.class, () -> s.auth().verify(TIMEOUT));
            assertFalse(s.isAuthenticated());
        }
    }

    @Test
    void changedKeysFileTakesEffectWithoutRestart() throws Exception {
        t.start();
        KeyPair first = SshTestSupport.ed25519();
        KeyPair second = SshTestSupport.rsa();
        Path file = t.authorize("alice", first);
        assertTrue(t.canLogin("alice", first));
        assertFalse(t.canLogin("alice", second));

        Files.writeString(file, org.apache.sshd.common.config.keys.PublicKeyEntry.toString(second.getPublic())
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertTrue(t.canLogin("alice", second));
        assertTrue(t.canLogin("alice", first));

        SshTestSupport.writeKeys(file, second);            // first key removed
        assertFalse(t.canLogin("alice", first));
        assertTrue(t.canLogin("alice", second));

        Files.delete(file);
        assertFalse(t.canLogin("alice", second));
    }

    @Test
    void homeDirectoryAuthorizedKeysAreReadAfterTheCacheDirectory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/bob"));
        t.addAccount("bob", 1234, home);
        t.start();
        KeyPair inHome = SshTestSupport.ecdsa();
        KeyPair inCache = SshTestSupport.ed25519();
        Path keys = SshTestSupport.writeKeys(home.resolve(".ssh/authorized_keys"), inHome);
        ownedByBob(keys, keys.getParent(), home);
        assertTrue(t.canLogin("bob", inHome));
        assertFalse(t.canLogin("bob", inCache));
        t.authorize("bob", inCache);
        assertTrue(t.canLogin("bob", inCache));
        assertTrue(t.canLogin("bob", inHome));
    }

    /**
     * bob's home as the system has it: his, in directories everyone may search. A root dserver (tests run as root, as
     * in CI) reads his keys as him, as OpenSSH does; a dserver that is not root reads them as itself (and owns them).
     */
    private void ownedByBob(Path... paths) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("home"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p : paths) {
            Files.setAttribute(p, "unix:uid", 1234);
        }
    }

    @Test
    void keysFileWritableByOthersIsIgnored() throws Exception {
        t.start();
        KeyPair k = SshTestSupport.ed25519();
        Path file = t.authorize("alice", k);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(t.canLogin("alice", k));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(t.canLogin("alice", k));
    }

    @Test
    void twentyConcurrentFirstConnectionsAreAllAccepted() throws Exception {
        t.start(25, o -> o, SshTestSupport.ECHO);
        int n = 20;
        List<KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(i % 2 == 0 ? SshTestSupport.ed25519() : SshTestSupport.ecdsa());
        }
        t.authorize("alice", keys.toArray(KeyPair[]::new));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                KeyPair k = keys.get(i);
                results.add(pool.submit(() -> {
                    go.await();
                    ClientSession s = t.login("alice", k);
                    return s.isAuthenticated();
                }));
            }
            go.countDown();
            int ok = 0;
            for (Future<Boolean> f : results) {
                if (f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
                    ok++;
                }
            }
            assertEquals(n, ok);
        } finally {
            pool.shutdownNow();
        }
    }
}
