package io.jdtail.server.permission;

import io.jdtail.config.PermissionRule;
import io.jdtail.config.Permissions;
import io.jdtail.engine.source.FileGate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Server rules and file-system permissions, with real files, symlinks and mode bits. The tests run as root, so
 * the file-system part is checked for {@code nobody}, a real non-root account.
 */
class FileAccessCheckerTest {

    @TempDir
    Path tmp;
    Path root;
    final UserDirectory system = new SystemUserDirectory();

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.toRealPath();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            assumeTrue(Files.isExecutable(p), "parent directories must be traversable");
        }
    }

    static List<PermissionRule> rules(String... texts) {
        return Arrays.stream(texts).map(t -> ((PermissionRule.Parsed.Rule) PermissionRule.parse(t)).rule()).toList();
    }

    FileAccessChecker checker(List<PermissionRule> defaults, Map<String, List<PermissionRule>> users) {
        return new FileAccessChecker(new Permissions(defaults, users), system);
    }

    FileAccessChecker allowAll() {
        return checker(rules("readfiles:^/.*$"), Map.of());
    }

    Path file(String relative, String mode) throws IOException {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "line\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    Path dir(String relative, String mode) throws IOException {
        Path d = Files.createDirectories(root.resolve(relative));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
        return d;
    }

    /** The same rules, opening as dserver itself (the mode without CAP_SETUID and CAP_SETGID). */
    FileAccessChecker asDserver(FileAccessChecker c) {
        return c.withOpener(FileOpener.asDserver());
    }

    static String denied(FileGate.Opened d) {
        if (d instanceof FileGate.OpenedFile f) {
            f.close();
        }
        return assertInstanceOf(FileGate.Refused.class, d).message();
    }

    static FileGate.OpenedFile assertAllowed(FileGate.Opened d) {
        FileGate.OpenedFile f = assertInstanceOf(FileGate.OpenedFile.class, d, () -> "refused: " + d);
        f.close();
        return f;
    }

    // ------------------------------------------------------------------ server rules

    @Test
    void allowRuleMustMatchAndDenyRuleWinsWhateverTheOrder() throws IOException {
        Path log = file("var/log/app.log", "rw-r--r--");
        Path secure = file("var/log/secure", "rw-r--r--");
        Path etc = file("etc/passwd", "rw-r--r--");
        String logs = "^" + root + "/var/log/";
        for (List<PermissionRule> r : List.of(
                rules("readfiles:" + logs, "!readfiles:/secure$"),
                rules("!readfiles:/secure$", "readfiles:" + logs),
                rules("readfiles:!/secure$", "readfiles:" + logs),
                rules(logs, "!/secure$"))) {                                 // DTail's prefix-less form
            FileAccessChecker c = checker(r, Map.of());
            assertAllowed(c.open("root", log));
            assertEquals(secure + ": denied for user root by server rule \"" + r.stream()
                    .filter(PermissionRule::deny).findFirst().orElseThrow().text() + "\"",
                    denied(c.open("root", secure)));
            assertEquals(etc + ": not allowed for user root by the server's permission rules",
                    denied(c.open("root", etc)));
        }
    }

    @Test
    void userListReplacesTheDefaultListAndEmptyOrDenyOnlyListsAllowNothing() throws IOException {
        Path f = file("data/a.log", "rw-r--r--");
        FileAccessChecker c = checker(rules("readfiles:^/"),
                Map.of("alice", rules("readfiles:^/nowhere/"), "bob", List.of(), "carol", rules("!readfiles:^/etc/")));
        assertAllowed(c.open("root", f));
        assertTrue(denied(c.open("alice", f)).endsWith("not allowed for user alice by the server's permission rules"));
        assertTrue(denied(c.open("bob", f)).endsWith("not allowed for user bob by the server's permission rules"));
        assertTrue(denied(c.open("carol", f)).endsWith("not allowed for user carol by the server's permission rules"));
    }

    @Test
    void dotDotTraversalOutOfAnAllowedDirectoryIsRefused() throws IOException {
        file("allowed/a.log", "rw-r--r--");
        Path secret = file("secret/key", "rw-r--r--");
        FileAccessChecker c = checker(rules("readfiles:^" + root + "/allowed/"), Map.of());
        Path sneaky = root.resolve("allowed/../secret/key");
        assertEquals(sneaky + ": not allowed for user root by the server's permission rules",
                denied(c.open("root", sneaky)));
        assertAllowed(c.open("root", root.resolve("allowed/./a.log")));
        assertTrue(Files.exists(secret));
    }

    @Test
    void symlinkPointingOutOfAnAllowedDirectoryIsRefused() throws IOException {
        dir("allowed", "rwxr-xr-x");
        Path secret = file("secret/key", "rw-r--r--");
        Path link = Files.createSymbolicLink(root.resolve("allowed/link"), secret);
        Path dirLink = Files.createSymbolicLink(root.resolve("allowed/dirlink"), root.resolve("secret"));
        FileAccessChecker c = checker(rules("readfiles:^" + root + "/allowed/"), Map.of());
        assertEquals(link + ": not allowed for user root by the server's permission rules (the path resolves to a file "
                + "outside them)", denied(c.open("root", link)));
        assertTrue(denied(c.open("root", dirLink.resolve("key"))).endsWith("(the path resolves to a file outside them)"));
    }

    @Test
    void symlinkIntoAnAllowedDirectoryIsCheckedAtItsTarget() throws IOException {
        Path target = file("allowed/a.log", "rw-r--r--");
        Path link = Files.createSymbolicLink(root.resolve("elsewhere-link"), target);
        FileAccessChecker c = checker(rules("readfiles:^" + root + "/"), Map.of());
        FileGate.OpenedFile ok = assertAllowed(c.open("root", link));
        assertEquals(target, ok.realPath());
        assertEquals(link, ok.requested());
    }

    @Test
    void missingRelativeAndNonRegularPathsAreRefused() throws IOException {
        FileAccessChecker c = allowAll();
        Path missing = root.resolve("nope.log");
        assertEquals(missing + ": no such file", denied(c.open("root", missing)));
        assertEquals("var/log/x: not an absolute path", denied(c.open("root", Path.of("var/log/x"))));
        Path d = dir("adir", "rwxr-xr-x");
        assertEquals(d + ": not a regular file", denied(c.open("root", d)));
    }

    // ------------------------------------------------------------------ file system, for the user

    // Each runs twice: opening as the user (the kernel decides) and as dserver itself (the mode-bit rule)
    // must agree, and a refusal says "not allowed" and nothing more in both.

    List<FileAccessChecker> bothModes() {
        return List.of(allowAll(), asDserver(allowAll()));
    }

    @Test
    void rootMayReadAnyRegularFile() throws IOException {
        Path f = file("locked/f", "---------");
        dir("locked", "---------");
        bothModes().forEach(c -> assertAllowed(c.open("root", f)));
    }

    @Test
    void nobodyReadsWorldReadableFiles() throws IOException {
        requireNobody();
        Path f = file("pub/app.log", "rw-r--r--");
        dir("pub", "rwxr-xr-x");
        bothModes().forEach(c -> assertAllowed(c.open("nobody", f)));
    }

    @Test
    void nobodyMayNotReadAFileWithoutTheOtherReadBit() throws IOException {
        requireNobody();
        Path f = file("pub/secret.log", "rw-r-----");
        bothModes().forEach(c -> assertEquals(f + ": not allowed", denied(c.open("nobody", f))));
    }

    @Test
    void nobodyMayNotEnterADirectoryWithoutItsSearchBit() throws IOException {
        requireNobody();
        Path f = file("private/sub/app.log", "rw-r--r--");
        Path priv = dir("private", "rwxr-x---");
        Path missing = priv.resolve("sub/missing.log");
        for (FileAccessChecker c : bothModes()) {
            assertEquals(f + ": not allowed", denied(c.open("nobody", f)));
            assertEquals(missing + ": not allowed", denied(c.open("nobody", missing)), "whether it exists or not");
        }
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rwxr-x--x"));  // search only
        for (FileAccessChecker c : bothModes()) {
            assertAllowed(c.open("nobody", f));
            assertEquals(missing + ": no such file", denied(c.open("nobody", missing)));
        }
    }

    @Test
    void aSymlinkIntoADirectoryTheUserCannotSearchTellsNothingAboutWhatIsThere() throws IOException {
        requireNobody();
        Path f = file("closed/there.log", "rw-r--r--");
        Path closed = dir("closed", "rwx------");
        Path link = Files.createSymbolicLink(dir("open", "rwxr-xr-x").resolve("into-closed"), closed);
        for (FileAccessChecker c : bothModes()) {
            assertEquals(link.resolve("there.log") + ": not allowed", denied(c.open("nobody", link.resolve("there.log"))));
            assertEquals(link.resolve("missing.log") + ": not allowed",
                    denied(c.open("nobody", link.resolve("missing.log"))), "whether it exists or not");
        }
        assertAllowed(allowAll().open("root", f));
    }

    @Test
    void ownerBitsDecideForTheOwnerEvenWhenOthersMayRead() throws IOException {
        requireNobody();
        Path mine = file("pub/mine.log", "r--------");
        chown(mine, "nobody", null);
        Path odd = file("pub/odd.log", "---r--r--");
        chown(odd, "nobody", null);
        for (FileAccessChecker c : bothModes()) {
            assertAllowed(c.open("nobody", mine));
            assertEquals(odd + ": not allowed", denied(c.open("nobody", odd)));
        }
    }

    @Test
    void groupBitsApplyToMembersOfTheFilesGroup() throws IOException {
        requireNobody();
        UnixUser nobody = system.lookup("nobody").orElseThrow();
        Path f = file("pub/group.log", "rw-r-----");
        String group = groupName(nobody.gid());
        assumeTrue(group != null, "no group name for nobody's gid");
        chown(f, null, group);
        bothModes().forEach(c -> assertAllowed(c.open("nobody", f)));
    }

    @Test
    void fakeAccountsAreCheckedByUidAndGroups() throws IOException {
        Path f = file("pub/f.log", "rw-r-----");           // root:root, group may read
        UserDirectory dirWithGroupZero = name -> Optional.of(
                new UnixUser(name, 4242, 4242, Set.of(4242, 0), Optional.empty()));
        UserDirectory dirWithoutGroupZero = name -> Optional.of(
                new UnixUser(name, 4242, 4242, Set.of(4242), Optional.empty()));
        Permissions p = new Permissions(rules("^/"), Map.of());
        for (FileAccessChecker with : List.of(new FileAccessChecker(p, dirWithGroupZero),
                asDserver(new FileAccessChecker(p, dirWithGroupZero)))) {
            assertAllowed(with.open("x", f));
        }
        for (FileAccessChecker without : List.of(new FileAccessChecker(p, dirWithoutGroupZero),
                asDserver(new FileAccessChecker(p, dirWithoutGroupZero)))) {
            assertEquals(f + ": not allowed", denied(without.open("x", f)));
        }
    }

    @Test
    void unknownSystemUserIsRefused() throws IOException {
        Path f = file("pub/f.log", "rw-r--r--");
        assertEquals(f + ": not allowed", denied(allowAll().open("no-such-user-jdtail", f)));
    }

    @Test
    void boundCheckerUsesItsUser() throws IOException {
        requireNobody();
        Path f = file("pub/secret.log", "rw-------");
        assertAllowed(allowAll().forUser("root").open(f));
        assertEquals(f + ": not allowed", denied(allowAll().forUser("nobody").open(f)));
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = root.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", "-m", "0666", fifo.toString()).start();
        assertTrue(mk.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && mk.exitValue() == 0);
        assertEquals(fifo + ": not a regular file", denied(allowAll().open("root", fifo)));
        assertEquals(fifo + ": not allowed", denied(asDserver(allowAll()).open("root", fifo)));
    }

    @Test
    void asDserverItselfFilesUnderProcAndSysAreRefused() {
        Path version = Path.of("/proc/version");
        assertEquals(version + ": not allowed", denied(asDserver(allowAll()).open("root", version)));
        assertAllowed(allowAll().open("root", version));
        // its own process's files the kernel would give dserver whoever asks: refused in both modes
        Path own = Path.of("/proc/self/status");
        bothModes().forEach(c -> assertEquals(own + ": not allowed", denied(c.open("root", own))));
    }

    @Test
    void theGateOpensAsTheUserWhenThisProcessMayAndSaysSo() {
        assertTrue(FileOpener.shared().opensAsUser(), "these tests run as root");
        assertTrue(FileOpener.shared().describe().startsWith("files are opened as the requesting user"));
        assertTrue(FileOpener.asDserver().describe().contains("POSIX ACLs are not applied"));
    }

    // ------------------------------------------------------------------ helpers

    void requireNobody() {
        Optional<UnixUser> u = system.lookup("nobody");
        assumeTrue(u.isPresent() && !u.get().isRoot(), "needs the non-root account nobody");
        assumeTrue(system.lookup("root").map(UnixUser::isRoot).orElse(false));
    }

    static void chown(Path p, String user, String group) throws IOException {
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        try {
            if (user != null) {
                view.setOwner(lookup.lookupPrincipalByName(user));
            }
            if (group != null) {
                GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
                view.setGroup(g);
            }
        } catch (java.nio.file.FileSystemException e) {
            assumeTrue(false, "changing a file's owner needs root: " + e.getMessage());
        }
    }

    static String groupName(int gid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/group"))) {
            String[] f = line.split(":");
            if (f.length >= 3 && f[2].equals(String.valueOf(gid))) {
                return f[0];
            }
        }
        return null;
    }
}
