package io.jdtail.server.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key listed in {@code ~alice/.ssh/authorized_keys} that dserver may not read (it runs as its own user, as the
 * server README recommends): the log says which file, why and what to change, and the refusal says that a file
 * could not be read rather than that the key is not listed. A real dserver and real logins, in a process of the
 * system user nobody ({@link NobodyProcess}), on real files owned by root. The three cases without capabilities are
 * three users of one such process (a JVM and a dserver as nobody cost seconds each, a login milliseconds); each
 * case asserts only on its own user's answer and its own files' log lines.
 */
class UnreadableKeysTest {

    /** The three users of the process without capabilities, by name. */
    private static Map<String, Login> asNobody;

    @BeforeAll
    static void logInAsNobody(@TempDir Path tmp) throws Exception {
        asNobody = logIn(tmp, List.of(
                new Account("alice", "rw-------", "rwxr-xr-x", 0),
                new Account("bob", "rw-r--r--", "rwx------", 0),
                new Account("carol", "rw-r--r--", "rwxr-xr-x", 0)), List.of());
    }

    @Test
    void aKeysFileOfAnotherOwnerWithMode600IsReportedAsUnreadable() {
        Login login = asNobody.get("alice");

        assertThat(login.answer()).as(login.child().err()).isEqualTo("alice: false");
        assertThat(logged(login.child())).as(login.child().err()).contains(
                "WARN cannot read " + login.keys() + ": nobody may not read it (mode rw-------, owner root); give nobody"
                        + " read access to it (e.g. setfacl -m u:nobody:r " + login.keys() + "), or list alice's keys in "
                        + login.cacheFile(),
                login.refusal());
    }

    @Test
    void aKeysFileInADirectoryWithoutSearchPermissionIsReportedAsUnreadable() {
        Login login = asNobody.get("bob");
        Path ssh = login.keys().getParent();

        assertThat(login.answer()).as(login.child().err()).isEqualTo("bob: false");
        assertThat(logged(login.child())).as(login.child().err()).contains(
                "WARN cannot read " + login.keys() + ": nobody may not enter " + ssh + " (mode rwx------, owner root);"
                        + " give nobody search (x) access to it (e.g. setfacl -m u:nobody:x " + ssh + "), or list bob's"
                        + " keys in " + login.cacheFile(),
                login.refusal());
    }

    @Test
    void aKeyInAReadableFileStillLogsIn() {
        Login login = asNobody.get("carol");

        assertThat(login.answer()).as(login.child().err()).isEqualTo("carol: true");
        assertThat(login.child().err()).doesNotContain("cannot read " + login.keys())
                .doesNotContain("could not read " + login.keys());
    }

    /**
     * The packaged service: dserver as its own user with only CAP_SETUID and CAP_SETGID reads alice's keys as alice,
     * as OpenSSH does, so OpenSSH's usual {@code ~/.ssh} (mode 700) and {@code authorized_keys} (mode 600), both
     * alice's, let her in.
     */
    @Test
    void withSetuidAndSetgidTheKeysAreReadAsTheirUserThroughHerOwn700Directory(@TempDir Path tmp) throws Exception {
        Login login = logIn(tmp, List.of(new Account("alice", "rw-------", "rwx------", LoginAsChild.UID)),
                NobodyProcess.SETUID_AND_SETGID).get("alice");

        assertThat(login.child().out()).as(login.child().err()).isEqualTo("alice: true\n");
        assertThat(login.child().err()).doesNotContain("cannot read");
    }

    /**
     * A user of {@link LoginAsChild} whose key is listed in {@code ~USER/.ssh/authorized_keys}, that file and its
     * directory with these modes and owned by uid and gid {@code owner}.
     */
    private record Account(String user, String keysMode, String sshDirMode, int owner) {
    }

    /** A login as {@code user} whose key is listed in {@code keys}, and what the process (of all its users) said. */
    private record Login(String user, NobodyProcess child, Path keys, Path cacheFile, KeyPair key) {
        /** The line that refuses the key because a file could not be read. */
        String refusal() {
            return "INFO " + user + "@ADDRESS: ssh-ed25519 key " + KeyUtils.getFingerPrint(key.getPublic())
                    + " refused: not listed in the keys dserver could read; it could not read " + keys;
        }

        /** What the process printed for this user's login: {@code USER: true} or {@code USER: false}. */
        String answer() {
            return child.out().lines().filter(l -> l.startsWith(user + ": ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no answer for " + user + " in " + child.out()));
        }
    }

    /** dserver's log lines as LEVEL MESSAGE, the client's address replaced by ADDRESS. */
    private static List<String> logged(NobodyProcess child) {
        return child.err().lines().map(l -> l.replaceFirst("^\\S+ (\\S+)\\s+\\S+ - ", "$1 ")
                .replaceFirst("(\\w+)@/127\\.0\\.0\\.1:\\d+", "$1@ADDRESS")).toList();
    }

    /**
     * Lists a new key of each account in its {@code ~USER/.ssh/authorized_keys} and logs in with each, in one process
     * of nobody's dserver given these setpriv options; checks that the process answered for every account, in order.
     */
    private static Map<String, Login> logIn(Path tmp, List<Account> accounts, List<String> privileges) throws Exception {
        Path root = NobodyProcess.searchableRootOwned(tmp);
        Path work = Files.createDirectories(root.resolve("work"));
        Files.setOwner(work, work.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        List<String> args = new ArrayList<>(List.of(work.toString()));
        Map<String, Path> keysFiles = new LinkedHashMap<>();
        Map<String, KeyPair> keyPairs = new LinkedHashMap<>();
        for (Account account : accounts) {
            KeyPair key = SshTestSupport.ed25519();
            Path home = Files.createDirectories(root.resolve(account.user()));
            Path keys = SshTestSupport.writeKeys(home.resolve(".ssh/authorized_keys"), key);
            Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString(account.keysMode()));
            Files.setPosixFilePermissions(keys.getParent(), PosixFilePermissions.fromString(account.sshDirMode()));
            for (Path p : List.of(keys, keys.getParent())) {
                Files.setAttribute(p, "unix:uid", account.owner());
                Files.setAttribute(p, "unix:gid", account.owner());
            }
            Path keyFile = root.resolve(account.user() + "_key");
            try (OutputStream out = Files.newOutputStream(keyFile)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, account.user(), null, out);
            }
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
            args.addAll(List.of(account.user(), home.toString(), keyFile.toString()));
            keysFiles.put(account.user(), keys);
            keyPairs.put(account.user(), key);
        }
        NobodyProcess child = NobodyProcess.run(root, privileges, LoginAsChild.class, args.toArray(String[]::new));
        assertThat(child.out().lines().map(l -> l.substring(0, Math.max(0, l.indexOf(": ")))).toList())
                .as("a login per account, in order (stderr: %s)", child.err()).isEqualTo(List.copyOf(keysFiles.keySet()));
        Map<String, Login> logins = new LinkedHashMap<>();
        for (Account account : accounts) {
            logins.put(account.user(), new Login(account.user(), child, keysFiles.get(account.user()),
                    work.resolve("cache/" + account.user() + ".authorized_keys"), keyPairs.get(account.user())));
        }
        return logins;
    }
}
