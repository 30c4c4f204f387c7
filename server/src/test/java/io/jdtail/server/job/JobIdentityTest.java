package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobIdentityTest {

    @TempDir
    Path dir;

    @Test
    void generatedOnFirstNeedWithOwnerOnlyModeAndKeptAfterwards() throws Exception {
        Path cache = dir.resolve("cache");
        JobIdentity first = JobIdentity.load(cache);
        Path key = cache.resolve("job_identity");
        assertEquals(key, first.privateKeyFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertEquals("ssh-ed25519", KeyUtils.getKeyType(first.publicKey()));

        // the private key file is a standard OpenSSH key (what RemoteRun and ssh read)
        var fromFile = new FileKeyPairProvider(key).loadKeys(null).iterator().next();
        assertTrue(KeyUtils.compareKeys(first.publicKey(), fromFile.getPublic()));

        // the .pub file is one authorized_keys line with the same key
        PublicKey pub = AuthorizedKeyEntry.readAuthorizedKeys(first.publicKeyFile()).getFirst()
                .resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
        assertTrue(KeyUtils.compareKeys(first.publicKey(), pub));
        assertTrue(Files.readString(first.publicKeyFile()).startsWith("ssh-ed25519 "));

        byte[] bytes = Files.readAllBytes(key);
        JobIdentity again = JobIdentity.load(cache);
        assertTrue(KeyUtils.compareKeys(first.publicKey(), again.publicKey()), "the same key on every later load");
        assertEquals(first.fingerprint(), again.fingerprint());
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(key)), "the file is not rewritten");
    }

    @Test
    void aLostPublicKeyFileIsWrittenAgainFromThePrivateKey() throws Exception {
        JobIdentity first = JobIdentity.load(dir);
        Files.delete(first.publicKeyFile());
        JobIdentity again = JobIdentity.load(dir);
        assertTrue(Files.readString(again.publicKeyFile()).contains(
                first.authorizedKeysLine().split(" ")[1]), "same key in the new .pub");
        Files.writeString(first.publicKeyFile(), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGarbage x\n");
        JobIdentity third = JobIdentity.load(dir);
        assertTrue(Files.readString(third.publicKeyFile()).startsWith(first.authorizedKeysLine().split(" jdtail")[0]));
    }

    @Test
    void anUnreadableKeyIsAnErrorAndIsNeverReplaced() throws Exception {
        Path key = Files.writeString(dir.resolve("job_identity"), "not a key\n");
        IOException e = assertThrows(IOException.class, () -> JobIdentity.load(dir));
        assertTrue(e.getMessage().contains("cannot read the job identity " + key), e.getMessage());
        assertEquals("not a key\n", Files.readString(key));
        assertFalse(Files.exists(dir.resolve("job_identity.pub")));
    }

    @Test
    void concurrentFirstLoadsAgreeOnOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JobIdentity>> loads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                loads.add(pool.submit((Callable<JobIdentity>) () -> JobIdentity.load(dir)));
            }
            String fingerprint = loads.getFirst().get(30, TimeUnit.SECONDS).fingerprint();
            for (Future<JobIdentity> f : loads) {
                assertEquals(fingerprint, f.get(30, TimeUnit.SECONDS).fingerprint());
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of("job_identity", "job_identity.pub"),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
