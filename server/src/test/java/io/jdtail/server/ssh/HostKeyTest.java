package io.jdtail.server.ssh;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host key is created once (mode 0600) and reused. */
class HostKeyTest {

    @TempDir
    Path dir;

    @Test
    void hostKeyIsCreatedOwnerOnlyAndReusedOnTheNextStart() throws Exception {
        Path file = dir.resolve("cache/ssh_host_key");
        assertFalse(Files.exists(file));
        PublicKey first;
        try (SshTestSupport t = new SshTestSupport(dir)) {
            first = t.start().hostPublicKey();
            assertTrue(Files.exists(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("ssh-ed25519", KeyUtils.getKeyType(first));
            assertEquals(first, seenByClient(t));
        }
        byte[] bytes = Files.readAllBytes(file);
        try (SshTestSupport t = new SshTestSupport(dir)) {
            PublicKey second = t.start().hostPublicKey();
            assertTrue(KeyUtils.compareKeys(first, second), "same host key after restart");
            assertTrue(KeyUtils.compareKeys(first, seenByClient(t)));
        }
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(file)), "file untouched");
    }

    @Test
    void unreadableHostKeyIsAnErrorAndIsNotReplaced() throws Exception {
        Path file = Files.createDirectories(dir.resolve("cache")).resolve("ssh_host_key");
        Files.writeString(file, "not a key\n");
        try (SshTestSupport t = new SshTestSupport(dir)) {
            var e = assertThrows(java.io.IOException.class, t::start);
            assertTrue(e.getMessage().contains("cannot read the host key"), e.getMessage());
        }
        assertEquals("not a key\n", Files.readString(file));
    }

    /** Connects and returns the host key the client was shown. */
    private static PublicKey seenByClient(SshTestSupport t) throws Exception {
        AtomicReference<PublicKey> seen = new AtomicReference<>();
        t.client.setServerKeyVerifier((session, address, key) -> {
            seen.set(key);
            return true;
        });
        KeyPair k = SshTestSupport.ed25519();
        t.authorize("alice", k);
        ClientSession s = t.login("alice", k);
        assertTrue(s.isAuthenticated());
        s.close();
        return seen.get();
    }
}
