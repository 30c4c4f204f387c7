package io.jdtail.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.server.LogCapture;
import io.jdtail.engine.source.FileGate;
import io.jdtail.server.permission.FileAccessChecker;
import io.jdtail.server.permission.UnixUser;
import io.jdtail.server.permission.UserDirectory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a server accepts from other servers' jobs, and what they may read: the decisions and their reasons. */
class JobLoginsTest {

    @TempDir
    Path tmp;
    Path root;
    Path cache;
    KeyPair jobKey;

    /** A resolver the test controls: reports.example → 10.0.0.7, everything else unknown. */
    static final PeerAddresses.Resolver DNS = host -> switch (host) {
        case "reports.example" -> List.of(InetAddress.ofLiteral("10.0.0.7"));
        case "dual.example" -> List.of(InetAddress.ofLiteral("10.0.0.9"), InetAddress.ofLiteral("fd00::9"));
        default -> throw new UnknownHostException(host);
    };

    static final UserDirectory NO_ACCOUNTS = name -> Optional.empty();

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.toRealPath();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        cache = Files.createDirectories(root.resolve("cache"));
        jobKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    DtailConfig config(String permissions) throws Exception {
        String json = "{'Common': {'CacheDir': '" + cache + "'}, 'Server': {"
                + (permissions.isEmpty() ? "" : "'Permissions': " + permissions + ", ")
                + "'Schedule': ["
                + "{'Name': 'report', 'TimeRange': [0, 1], 'Files': '/x', 'Query': 'q', 'Outfile': '/o',"
                + " 'AllowFrom': ['10.0.0.1', 'reports.example', '[fd00::1]', 'dual.example', 'gone.example']},"
                + "{'Name': 'closed', 'TimeRange': [0, 1], 'Files': '/x', 'Query': 'q', 'Outfile': '/o'}],"
                + " 'Continuous': [{'Name': 'live', 'Files': '/x', 'Query': 'q', 'Outfile': '/o',"
                + " 'AllowFrom': '10.0.0.1'}]}}";
        return ConfigLoader.parse(json.replace('\'', '"'), "test").config();
    }

    JobLogins logins() throws Exception {
        return new JobLogins(config(""), NO_ACCOUNTS, DNS);
    }

    void authorize(String job, KeyPair key) throws Exception {
        Path f = cache.resolve(job + ".authorized_keys");
        Files.writeString(f, PublicKeyEntry.toString(key.getPublic()) + " jdtail-job@source\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void everyJobNameIsAJobLoginAndNothingElseIs() throws Exception {
        JobLogins l = logins();
        assertTrue(l.isJobLogin("report"));
        assertTrue(l.isJobLogin("closed"), "a job without AllowFrom is still a job login (that nobody passes)");
        assertTrue(l.isJobLogin("live"), "continuous jobs too");
        assertFalse(l.isJobLogin("root"));
        assertFalse(l.isJobLogin(null));
    }

    @Test
    void allowFromMatchesAddressesAndResolvedNames() throws Exception {
        authorize("report", jobKey);
        JobLogins l = logins();
        for (String allowed : List.of("10.0.0.1", "10.0.0.7", "fd00::1", "10.0.0.9", "fd00::9")) {
            JobLogins.Decision d = l.check("report", jobKey.getPublic(), ip(allowed));
            assertTrue(d.allowed(), allowed + ": " + d.reason());
            assertTrue(d.reason().contains(KeyUtils.getFingerPrint(jobKey.getPublic())), d.reason());
        }
        JobLogins.Decision d = l.check("report", jobKey.getPublic(), ip("10.0.0.2"));
        assertFalse(d.allowed());
        assertEquals("10.0.0.2 is not in the AllowFrom of job report [10.0.0.1, reports.example = [10.0.0.7], fd00::1,"
                + " dual.example = [10.0.0.9, fd00:0:0:0:0:0:0:9], gone.example (does not resolve)]", d.reason());
    }

    @Test
    void aJobWithoutAllowFromAcceptsNoHost() throws Exception {
        authorize("closed", jobKey);
        JobLogins.Decision d = logins().check("closed", jobKey.getPublic(), ip("10.0.0.1"));
        assertFalse(d.allowed());
        assertEquals("job closed accepts logins from no host: its AllowFrom is empty", d.reason());
    }

    @Test
    void theKeyMustBeListedForTheJobInCacheDir() throws Exception {
        JobLogins l = logins();
        JobLogins.Decision none = l.check("report", jobKey.getPublic(), ip("10.0.0.1"));
        assertFalse(none.allowed(), "the job's name and an allowed host are not enough");
        assertTrue(none.reason().endsWith("cannot be listed: " + cache.resolve("report.authorized_keys")
                + " does not exist (it should hold the job_identity.pub of the server running job report)"),
                none.reason());

        KeyPair other = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        authorize("report", other);
        JobLogins.Decision wrong = l.check("report", jobKey.getPublic(), ip("10.0.0.1"));
        assertFalse(wrong.allowed());
        assertTrue(wrong.reason().startsWith("ssh-ed25519 key " + KeyUtils.getFingerPrint(jobKey.getPublic())
                + " is not listed in " + cache.resolve("report.authorized_keys")), wrong.reason());

        // keys of another job do not count either
        authorize("live", jobKey);
        assertFalse(l.check("report", jobKey.getPublic(), ip("10.0.0.1")).allowed());
        assertTrue(l.check("live", jobKey.getPublic(), ip("10.0.0.1")).allowed());
    }

    @Test
    void aHomeDirectoryKeyOfAnAccountWithTheJobsNameDoesNotCount() throws Exception {
        Path home = Files.createDirectories(root.resolve("home/report/.ssh"));
        Files.writeString(home.resolve("authorized_keys"), PublicKeyEntry.toString(jobKey.getPublic()) + "\n");
        UserDirectory withAccount = name -> name.equals("report")
                ? Optional.of(new UnixUser("report", 4000, 4000, Set.of(4000), Optional.of(home.getParent())))
                : Optional.empty();
        JobLogins l = new JobLogins(config(""), withAccount, DNS);
        assertFalse(l.check("report", jobKey.getPublic(), ip("10.0.0.1")).allowed());
    }

    // ------------------------------------------------------------------ file access

    Path file(String relative, String mode) throws Exception {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "line\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void aJobWithoutAnAccountReadsWhatAnyLocalUserMayRead() throws Exception {
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            assumeTrue(Files.isExecutable(p), "parent directories must be traversable");
        }
        DtailConfig config = config("");
        JobLogins l = new JobLogins(config, NO_ACCOUNTS, DNS);
        FileAccessChecker access = new FileAccessChecker(config.server().permissions(), l.fileAccessUsers(NO_ACCOUNTS));
        Path open = file("logs/open.log", "rw-r--r--");
        Path group = file("logs/group.log", "rw-r-----");
        Path secret = file("private/app.log", "rw-r--r--");
        Files.setPosixFilePermissions(secret.getParent(), PosixFilePermissions.fromString("rwx--x---"));

        assertTrue(allowed(access, "report", open));
        assertEquals(group + ": not allowed", refusal(access, "report", group));
        assertEquals(secret + ": not allowed", refusal(access, "report", secret));
        // an ordinary user name without an account still reads nothing
        assertEquals(open + ": not allowed", refusal(access, "stranger", open));
    }

    @Test
    void theServerRulesForTheJobsNameApply() throws Exception {
        DtailConfig config = config("{'Default': ['readfiles:^/'], 'report': ['readfiles:/logs/', "
                + "'!readfiles:secret']}");
        JobLogins l = new JobLogins(config, NO_ACCOUNTS, DNS);
        FileAccessChecker access = new FileAccessChecker(config.server().permissions(), l.fileAccessUsers(NO_ACCOUNTS));
        Path open = file("logs/open.log", "rw-r--r--");
        Path secret = file("logs/secret.log", "rw-r--r--");
        Path elsewhere = file("other/open.log", "rw-r--r--");
        assertTrue(allowed(access, "report", open));
        assertFalse(allowed(access, "report", secret));
        assertFalse(allowed(access, "report", elsewhere), "not in the job's own list");
        assertTrue(allowed(access, "live", elsewhere), "Default for a job without a list of its own");
    }

    @Test
    void anAccountOfTheJobsNameDecidesWhatTheJobMayRead() throws Exception {
        Path group = file("logs/group.log", "rw-r-----");
        int gid = (Integer) Files.getAttribute(group, "unix:gid");
        UserDirectory accounts = name -> name.equals("report")
                ? Optional.of(new UnixUser("report", 4000, 4001, Set.of(4001, gid), Optional.empty()))
                : Optional.empty();
        DtailConfig config = config("");
        JobLogins l = new JobLogins(config, accounts, DNS);
        FileAccessChecker access = new FileAccessChecker(config.server().permissions(), l.fileAccessUsers(accounts));
        assertTrue(allowed(access, "report", group), "the account's group may read it");
        assertFalse(allowed(access, "live", group), "a job without such an account may not");
    }

    /** Whether the gate opens the file for the user (and closes it again). */
    static boolean allowed(FileAccessChecker access, String user, Path file) {
        FileGate.Opened opened = access.open(user, file);
        if (opened instanceof FileGate.OpenedFile f) {
            f.close();
            return true;
        }
        return false;
    }

    static String refusal(FileAccessChecker access, String user, Path file) {
        FileGate.Opened opened = access.open(user, file);
        if (opened instanceof FileGate.OpenedFile f) {
            f.close();
        }
        return assertInstanceOf(FileGate.Refused.class, opened).message();
    }

    @Test
    void refusalsAreLoggedWithTheirReason() throws Exception {
        JobLogins l = logins();
        try (LogCapture log = new LogCapture(JobLogins.class)) {
            // without a session the connecting address is unknown: a refusal of its own
            assertFalse(l.authenticate("report", jobKey.getPublic(), null));
            assertEquals(List.of("WARN refusing job login report from null: the connecting address is unknown"),
                    log.lines());
        }
        List<String> seen = new ArrayList<>();
        assertFalse(l.allowedFrom(List.of("nope.example"), ip("10.0.0.7"), seen));
        assertEquals(List.of("nope.example (does not resolve)"), seen);
    }
}
