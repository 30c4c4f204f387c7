package io.jdtail.server.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key listed in {@code ~alice/.ssh/authorized_keys} that dserver may not read (it runs as its own user, as the
 * server README recommends): the log says which file, why and what to change, and the refusal says that a file
 * could not be read rather than that the key is not listed. A real dserver and a real login, in a process of the
 * system user nobody ({@link NobodyProcess}), on real files owned by root.
 */
class UnreadableKeysTest {

    @TempDir
    Path tmp;

    @Test
    void aKeysFileOfAnotherOwnerWithMode600IsReportedAsUnreadable() throws Exception {
        Login login = loginAsAlice("rw-------", "rwxr-xr-x");

        assertThat(login.child().out()).as(login.child().err()).isEqualTo("login: false\n");
        assertThat(logged(login.child())).as(login.child().err()).contains(
                "WARN cannot read " + login.keys() + ": nobody may not read it (mode rw-------, owner root); give nobody"
                        + " read access to it (e.g. setfacl -m u:nobody:r " + login.keys() + "), or list alice's keys in "
                        + login.cacheFile(),
                login.refusal());
    }

    @Test
    void aKeysFileInADirectoryWithoutSearchPermissionIsReportedAsUnreadable() throws Exception {
        Login login = loginAsAlice("rw-r--r--", "rwx------");
        Path ssh = login.keys().getParent();

        assertThat(login.child().out()).as(login.child().err()).isEqualTo("login: false\n");
        assertThat(logged(login.child())).as(login.child().err()).contains(
                "WARN cannot read " + login.keys() + ": nobody may not enter " + ssh + " (mode rwx------, owner root);"
                        + " give nobody search (x) access to it (e.g. setfacl -m u:nobody:x " + ssh + "), or list alice's"
                        + " keys in " + login.cacheFile(),
                login.refusal());
    }

    @Test
    void aKeyInAReadableFileStillLogsIn() throws Exception {
        Login login = loginAsAlice("rw-r--r--", "rwxr-xr-x");

        assertThat(login.child().out()).as(login.child().err()).isEqualTo("login: true\n");
        assertThat(login.child().err()).doesNotContain("cannot read");
    }

    /**
     * The packaged service: dserver as its own user with only CAP_SETUID and CAP_SETGID reads alice's keys as alice,
     * as OpenSSH does, so OpenSSH's usual {@code ~/.ssh} (mode 700) and {@code authorized_keys} (mode 600), both
     * alice's, let her in.
     */
    @Test
    void withSetuidAndSetgidTheKeysAreReadAsTheirUserThroughHerOwn700Directory() throws Exception {
        Login login = loginAsAlice("rw-------", "rwx------", ALICE, NobodyProcess.SETUID_AND_SETGID);

        assertThat(login.child().out()).as(login.child().err()).isEqualTo("login: true\n");
        assertThat(login.child().err()).doesNotContain("cannot read");
    }

    /** alice's uid and gid in {@link LoginAsChild}'s accounts. */
    private static final int ALICE = 1000;

    /** A login as alice whose key is listed in {@code keys} (owned by root), and what the process said. */
    private record Login(NobodyProcess child, Path keys, Path cacheFile, KeyPair key) {
        /** The line that refuses the key because a file could not be read. */
        String refusal() {
            return "INFO alice@ADDRESS: ssh-ed25519 key " + KeyUtils.getFingerPrint(key.getPublic())
                    + " refused: not listed in the keys dserver could read; it could not read " + keys;
        }
    }

    /** dserver's log lines as LEVEL MESSAGE, the client's address replaced by ADDRESS. */
    private static List<String> logged(NobodyProcess child) {
        return child.err().lines().map(l -> l.replaceFirst("^\\S+ (\\S+)\\s+\\S+ - ", "$1 ").replaceFirst("alice@/127\\.0\\.0\\.1:\\d+", "alice@ADDRESS"))
                .toList();
    }

    /** Lists a new key in {@code ~alice/.ssh/authorized_keys} with these modes and logs in with it as nobody's dserver. */
    private Login loginAsAlice(String keysMode, String sshDirMode) throws Exception {
        return loginAsAlice(keysMode, sshDirMode, 0, List.of());
    }

    /**
     * {@link #loginAsAlice(String, String)} with {@code ~alice/.ssh} and its file owned by uid and gid {@code owner}, and
     * dserver's process given these setpriv options.
     */
    private Login loginAsAlice(String keysMode, String sshDirMode, int owner, List<String> privileges) throws Exception {
        Path root = NobodyProcess.searchableRootOwned(tmp);
        KeyPair key = SshTestSupport.ed25519();
        Path home = Files.createDirectories(root.resolve("alice"));
        Path keys = SshTestSupport.writeKeys(home.resolve(".ssh/authorized_keys"), key);
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString(keysMode));
        Files.setPosixFilePermissions(keys.getParent(), PosixFilePermissions.fromString(sshDirMode));
        for (Path p : List.of(keys, keys.getParent())) {
            Files.setAttribute(p, "unix:uid", owner);
            Files.setAttribute(p, "unix:gid", owner);
        }
        Path work = Files.createDirectories(root.resolve("work"));
        Files.setOwner(work, work.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Path keyFile = root.resolve("alice_key");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "alice", null, out);
        }
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        NobodyProcess child = NobodyProcess.run(root, privileges, LoginAsChild.class, work.toString(), home.toString(),
                keyFile.toString());
        return new Login(child, keys, work.resolve("cache/alice.authorized_keys"), key);
    }
}
