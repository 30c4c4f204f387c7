package io.jdtail.server.permission;

import io.jdtail.config.PermissionRule;
import io.jdtail.config.Permissions;
import io.jdtail.engine.source.FileGate;
import io.jdtail.logging.ClientText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens files for a connected user: the {@link FileGate} of every dserver request. The decision is made on the
 * opened file, never on a path looked at before, and both must agree:
 *
 * <ol>
 *   <li><b>The server's rules</b> ({@code Server.Permissions}): the user's own list if configured, else
 *       {@code Default}. A path is allowed when <em>at least one allow rule matches and no deny rule
 *       matches</em>; the order of the rules does not matter, a deny always wins, and a list with no matching
 *       allow rule (including an empty list or one with only deny rules) allows nothing. A rule's expression
 *       is searched anywhere in the path (RE2 syntax; anchor with {@code ^...$}). The rules are checked on the
 *       lexically normalised absolute path before the open, and on the real path of the opened file
 *       ({@code /proc/self/fd/N}) after it, so neither {@code ../} nor a symlink leads out of an allowed tree.
 *       (DTail ignored allow rules and only honoured deny rules; jdtail requires an allow rule. The built-in
 *       default {@code readfiles:^/.*$} allows every path.)</li>
 *   <li><b>The file system, for that user</b>: see {@link FileOpener}. When dserver may switch its file-system
 *       identity the file is opened as the user and the kernel decides (mode bits, ACLs, procfs). Otherwise it
 *       is opened as dserver, and the classic owner / group / other bits of the opened file (and the search
 *       bits of the directories on its real path) are evaluated against the user's uid and all its groups, the
 *       first class that applies decides, as the kernel does; uid 0 may read everything; files under
 *       {@code /proc} and {@code /sys} are refused.</li>
 * </ol>
 *
 * <p>Only absolute paths and regular files are opened. A refusal tells the user no more than she could find out
 * herself ({@code not allowed}); the detail goes to dserver's log.
 */
public final class FileAccessChecker {

    private static final Logger LOG = LoggerFactory.getLogger(FileAccessChecker.class);
    static final String NOT_ALLOWED = "not allowed";

    private final Permissions permissions;
    private final UserDirectory users;
    private final FileOpener opener;

    public FileAccessChecker(Permissions permissions, UserDirectory users) {
        this(permissions, users, FileOpener.shared());
    }

    FileAccessChecker(Permissions permissions, UserDirectory users, FileOpener opener) {
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.users = Objects.requireNonNull(users, "users");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The same rules and users, files opened by {@code other}. */
    FileAccessChecker withOpener(FileOpener other) {
        return new FileAccessChecker(permissions, users, other);
    }

    /** The gate of one user (what a session hands to its request). */
    public FileGate forUser(String user) {
        return new FileGate() {
            @Override
            public Opened open(Path requested) {
                return FileAccessChecker.this.open(user, requested);
            }

            @Override
            public List<Entry> list(Path directory) {
                return FileAccessChecker.this.list(user, directory);
            }

            @Override
            public boolean expandsRelativePatterns() {
                return false;
            }
        };
    }

    /**
     * The entries of {@code directory} as {@code user} may list them (for a glob): listed as the user when dserver
     * may switch, so a directory she may only search (0711) or not enter at all lists nothing, whether it holds
     * files or not. In the weaker mode, as dserver, where the user may search every directory on the way and
     * read the last one by the classic mode bits. A relative directory lists nothing.
     */
    public List<FileGate.Entry> list(String user, Path directory) {
        Optional<UnixUser> account = users.lookup(user);
        if (!directory.isAbsolute() || account.isEmpty()) {
            return List.of();
        }
        Path dir = directory.normalize();
        if (!opener.opensAsUser() && !mayList(account.get(), dir)) {
            return List.of();
        }
        FileOpener.Listing listing = opener.list(FsIdentity.of(account.get()), dir.toString());
        listing.whyNot().ifPresent(why -> LOG.debug("{} may not list {}: {}", user, ClientText.escape(dir),
                ClientText.escape(why)));
        return listing.entries();
    }

    /** The weaker mode's rule for listing: search on every directory to it, read on it (the classic bits). */
    private static boolean mayList(UnixUser u, Path dir) {
        if (u.isRoot()) {
            return true;
        }
        if (!maySearchTo(u, dir.resolve("entry")) || searchDenial(u, dir).isPresent()) {
            return false;
        }
        try {
            Map<String, Object> d = Files.readAttributes(dir, "unix:mode,uid,gid");
            return permits(u, (Integer) d.get("mode"), (Integer) d.get("uid"), (Integer) d.get("gid"), 4);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Opens {@code requested} for {@code user}, or says why not. Never throws for I/O problems: they become refusals. */
    public FileGate.Opened open(String user, Path requested) {
        if (!requested.isAbsolute()) {
            return new FileGate.Refused(requested, "not an absolute path", false);
        }
        List<PermissionRule> rules = permissions.forUser(user);
        Optional<String> ruleDenial = ruleDenial(user, rules, requested.normalize());
        if (ruleDenial.isPresent()) {
            return new FileGate.Refused(requested, ruleDenial.get(), false);
        }
        Optional<UnixUser> account = users.lookup(user);
        if (account.isEmpty()) {
            return refused(user, requested, "no system account named " + user);
        }
        UnixUser u = account.get();
        return switch (opener.open(FsIdentity.of(u), requested.toString())) {
            case FileOpener.Failed f when missing(f) && (opener.opensAsUser() || maySearchTo(u, requested.normalize())) ->
                    new FileGate.Refused(requested, "no such file", true);
            case FileOpener.Failed f -> refused(user, requested, f.detail());
            case FileOpener.NotRegular n when opener.opensAsUser() -> new FileGate.Refused(requested, "not a regular file", false);
            case FileOpener.NotRegular n -> refused(user, requested, "not a regular file: " + n.realPath());
            case FileOpener.Opened o -> decide(user, u, rules, requested, o);
        };
    }

    private FileGate.Opened decide(String user, UnixUser u, List<PermissionRule> rules, Path requested, FileOpener.Opened o) {
        Optional<String> realDenial = ruleDenial(user, rules, o.realPath());
        Optional<String> fileSystemDenial = opener.opensAsUser() ? ownProcessDenial(requested, o) : modeBitDenial(u, o);
        if (realDenial.isPresent() || fileSystemDenial.isPresent()) {
            FileOpener.close(o.channel());
            // the file system first: where a path leads is told only to a user who may read what is there
            if (fileSystemDenial.isPresent()) {
                return refused(user, requested, fileSystemDenial.get());
            }
            LOG.debug("{} may not read {}: it resolves to {}, outside the permission rules", user,
                    ClientText.escape(requested), ClientText.escape(o.realPath()));
            return new FileGate.Refused(requested, realDenial.get() + " (the path resolves to a file outside them)", false);
        }
        return new FileGate.OpenedFile(requested, o.realPath(), o.fileKey(), o.channel());
    }

    private static boolean missing(FileOpener.Failed f) {
        return f.errno() == LinuxCalls.ENOENT || f.errno() == LinuxCalls.ENOTDIR;
    }

    /** At DEBUG: a glob over a tree the user may not read would write a line for every file in it. */
    private static FileGate.Refused refused(String user, Path requested, String detail) {
        LOG.debug("{} may not read {}: {}", user, ClientText.escape(requested), ClientText.escape(detail));
        return new FileGate.Refused(requested, NOT_ALLOWED, false);
    }

    /**
     * The kernel lets a process read its own {@code /proc/PID} files whoever it is towards the file system (the
     * same thread group passes the ptrace check): so dserver's own (its memory map, its environment) are refused;
     * procfs is told by the opened file's file system. Its magic links ({@code /proc/PID/fd/N}, which lead past
     * directories the user may not search) are not followed by the open (openat2's RESOLVE_NO_MAGICLINKS); on a
     * kernel without openat2 no file on procfs, nor any path under {@code /proc}, is read.
     */
    private static Optional<String> ownProcessDenial(Path requested, FileOpener.Opened o) {
        if (!LinuxCalls.hasOpenat2() && (o.fileSystemType() == LinuxCalls.PROC_SUPER_MAGIC
                || requested.normalize().startsWith("/proc"))) {
            return Optional.of("on procfs, without openat2 to keep dserver's own links out: " + o.realPath());
        }
        if (o.fileSystemType() != LinuxCalls.PROC_SUPER_MAGIC) {
            return Optional.empty();
        }
        for (Path name : o.realPath()) {
            String n = name.toString();
            if (n.matches("[0-9]+") && Files.exists(Path.of("/proc/self/task").resolve(n))) {
                return Optional.of("a file of dserver's own process: " + o.realPath());
            }
        }
        return Optional.empty();
    }

    /** The classic mode bits, for dserver's own opens: on the opened file, and the directories of its real path. */
    private static Optional<String> modeBitDenial(UnixUser u, FileOpener.Opened o) {
        Path real = o.realPath();
        if (o.onProcOrSys()) {
            return Optional.of("files under /proc and /sys are opened only as the requesting user (" + real + ")");
        }
        if (u.isRoot()) {
            return Optional.empty();
        }
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            Optional<String> denial = searchDenial(u, dir);
            if (denial.isPresent()) {
                return denial;
            }
        }
        if (!permits(u, o.mode(), o.uid(), o.gid(), 4)) {
            return Optional.of(String.format("%s: mode %04o, owner %d:%d", real, o.mode() & 07777, o.uid(), o.gid()));
        }
        return Optional.empty();
    }

    /**
     * Whether the user may search every directory from / down to the deepest one of {@code path} that exists,
     * along its real path: a symlink on the way may lead into a directory she may not search.
     */
    private static boolean maySearchTo(UnixUser u, Path path) {
        if (u.isRoot()) {
            return true;
        }
        Path existing = path.getParent();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return true;
        }
        try {
            for (Path dir = existing.toRealPath(); dir != null; dir = dir.getParent()) {
                if (searchDenial(u, dir).isPresent()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> searchDenial(UnixUser u, Path dir) {
        try {
            Map<String, Object> d = Files.readAttributes(dir, "unix:mode,uid,gid");
            if (permits(u, (Integer) d.get("mode"), (Integer) d.get("uid"), (Integer) d.get("gid"), 1)) {
                return Optional.empty();
            }
            return Optional.of(String.format("may not enter %s (mode %04o, owner %s:%s)", dir,
                    (Integer) d.get("mode") & 07777, d.get("uid"), d.get("gid")));
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot check directory " + dir + ": " + e);
        }
    }

    private static Optional<String> ruleDenial(String user, List<PermissionRule> rules, Path path) {
        String s = path.toString();
        boolean allowed = false;
        for (PermissionRule r : rules) {
            if (r.matches(s)) {
                if (r.deny()) {
                    return Optional.of("denied for user " + user + " by server rule \"" + r.text() + "\"");
                }
                allowed = true;
            }
        }
        return allowed ? Optional.empty()
                : Optional.of("not allowed for user " + user + " by the server's permission rules");
    }

    /**
     * The classic permission check: the owner bits if the user owns the file, else the group bits if the file's
     * group is one of the user's, else the other bits.
     *
     * @param bit 4 = read, 2 = write, 1 = execute/search
     */
    static boolean permits(UnixUser u, int mode, int uid, int gid, int bit) {
        int shift;
        if (u.uid() == uid) {
            shift = 6;
        } else if (u.inGroup(gid)) {
            shift = 3;
        } else {
            shift = 0;
        }
        return ((mode >> shift) & bit) != 0;
    }
}
