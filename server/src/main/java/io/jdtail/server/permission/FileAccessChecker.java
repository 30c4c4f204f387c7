package io.jdtail.server.permission;

import io.jdtail.config.PermissionRule;
import io.jdtail.config.Permissions;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a connected user may read a file. Both must agree:
 *
 * <ol>
 *   <li><b>The server's rules</b> ({@code Server.Permissions}): the user's own list if configured, else
 *       {@code Default}. A path is allowed when <em>at least one allow rule matches and no deny rule
 *       matches</em>; the order of the rules does not matter, a deny always wins, and a list with no matching
 *       allow rule (including an empty list or one with only deny rules) allows nothing. A rule's expression
 *       is searched anywhere in the path (RE2 syntax; anchor with {@code ^...$}). The rules are checked on the
 *       lexically normalised absolute path and again on the real path (symlinks resolved,
 *       {@link Path#toRealPath}), so neither {@code ../} nor a symlink leads out of an allowed tree.
 *       (DTail ignored allow rules and only honoured deny rules; jdtail requires an allow rule. The built-in
 *       default {@code readfiles:^/.*$} allows every path.)</li>
 *   <li><b>The file system, for that user</b> (not for the server process, which usually runs as root):
 *       the real path must be a regular file; the user needs search ({@code x}) permission on every directory
 *       from {@code /} down to the file and read ({@code r}) permission on the file, evaluated with the
 *       classic owner / group / other bits against the user's uid and all its groups, the first class that
 *       applies decides (as the kernel does). uid 0 may read everything. POSIX ACLs are not evaluated.</li>
 * </ol>
 *
 * <p>Only absolute paths are checked; a relative path is refused.
 */
public final class FileAccessChecker {

    private final Permissions permissions;
    private final UserDirectory users;

    public FileAccessChecker(Permissions permissions, UserDirectory users) {
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.users = Objects.requireNonNull(users, "users");
    }

    /** A checker bound to one user (what a session hands to its request handler). */
    public UserFileAccess forUser(String user) {
        return path -> check(user, path);
    }

    /** Checker bound to a user. */
    @FunctionalInterface
    public interface UserFileAccess {
        AccessDecision check(Path path);
    }

    /** Checks that {@code user} may read {@code requested}. Never throws for I/O problems: they become denials. */
    public AccessDecision check(String user, Path requested) {
        if (!requested.isAbsolute()) {
            return denied(requested, "not an absolute path");
        }
        List<PermissionRule> rules = permissions.forUser(user);
        Optional<String> ruleDenial = ruleDenial(user, rules, requested.normalize());
        if (ruleDenial.isPresent()) {
            return denied(requested, ruleDenial.get());
        }
        Path real;
        try {
            real = requested.toRealPath();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return denied(requested, "no such file");
        } catch (AccessDeniedException e) {
            return denied(requested, "permission denied");
        } catch (IOException e) {
            return denied(requested, "cannot resolve path: " + e.getMessage());
        }
        if (!real.equals(requested)) {
            ruleDenial = ruleDenial(user, rules, real);
            if (ruleDenial.isPresent()) {
                return denied(requested, ruleDenial.get() + " (resolves to " + real + ")");
            }
        }
        Optional<UnixUser> account = users.lookup(user);
        if (account.isEmpty()) {
            return denied(requested, "no system account named " + quote(user));
        }
        UnixUser u = account.get();
        try {
            Map<String, Object> file = Files.readAttributes(real, "unix:mode,uid,gid,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS);
            if (!(Boolean) file.get("isRegularFile")) {
                return denied(requested, "not a regular file" + via(requested, real));
            }
            if (u.isRoot()) {
                return new AccessDecision.Allowed(requested, real);
            }
            for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
                Map<String, Object> d = Files.readAttributes(dir, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                if (!permits(u, d, 1)) {
                    return denied(requested, "user " + u.name() + " may not enter directory " + dir + " ("
                            + describe(dir, d) + ")" + via(requested, real));
                }
            }
            if (!permits(u, file, 4)) {
                return denied(requested, "user " + u.name() + " may not read the file (" + describe(real, file)
                        + ")" + via(requested, real));
            }
            return new AccessDecision.Allowed(requested, real);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return denied(requested, "cannot check file permissions: " + e.getMessage());
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
    static boolean permits(UnixUser u, Map<String, Object> attrs, int bit) {
        int mode = (Integer) attrs.get("mode");
        int uid = (Integer) attrs.get("uid");
        int gid = (Integer) attrs.get("gid");
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

    private static String describe(Path p, Map<String, Object> attrs) {
        int mode = (Integer) attrs.get("mode") & 07777;
        String owner = String.valueOf(attrs.get("uid"));
        String group = String.valueOf(attrs.get("gid"));
        try {
            PosixFileAttributes pa = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = pa.owner().getName();
            group = pa.group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            // numeric ids then
        }
        return String.format("mode %04o, owner %s:%s", mode, owner, group);
    }

    private static String via(Path requested, Path real) {
        return requested.equals(real) ? "" : " (resolves to " + real + ")";
    }

    private static AccessDecision denied(Path requested, String why) {
        return new AccessDecision.Denied(requested, requested + ": " + why);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
