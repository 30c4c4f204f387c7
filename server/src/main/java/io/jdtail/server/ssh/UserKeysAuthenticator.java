package io.jdtail.server.ssh;

import io.jdtail.config.LoginName;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jdtail.server.permission.FileOpener;
import io.jdtail.server.permission.UnixUser;
import io.jdtail.server.permission.UserDirectory;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Public-key authentication against {@code <CacheDir>/<user>.authorized_keys}, then the user's
 * {@code ~/.ssh/authorized_keys} (home directory from the system's passwd database). A key listed in either
 * file authenticates. RSA, ECDSA and Ed25519 keys are understood; login options in the files are not
 * evaluated. The home directory's file is read as the user (through the {@link FileOpener}, when dserver may switch
 * its file-system identity), as OpenSSH reads it: her {@code ~/.ssh} of mode 700 and file of mode 600 are no obstacle
 * to a dserver that runs as its own user with CAP_SETUID and CAP_SETGID. The CacheDir's file is dserver's own.
 *
 * <p>Each user's keys are an immutable snapshot kept in a Caffeine cache. Before every check the files'
 * modification and change times, size, inode, mode and owner are compared with the snapshot; when they changed, the files are
 * re-read and the new snapshot replaces the old one atomically (per user, under the cache's per-key lock),
 * so concurrent first connections all see a complete key set, and a changed file takes effect without a
 * restart. (MINA's own {@code AuthorizedKeysAuthenticator} rejects valid keys while it loads under concurrent
 * use; this class avoids it.)
 *
 * <p>A keys file that group or others may write, or that is not a regular file, is ignored with a warning,
 * like OpenSSH's StrictModes.
 *
 * <p>{@code <CacheDir>/relays.authorized_keys} lists the keys of relays ({@link RelayLogins}), not a user's: it never
 * logs in a user named {@value RelayLogins#KEYS_NAME} (her home directory's keys still do).
 */
public final class UserKeysAuthenticator implements PublickeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(UserKeysAuthenticator.class);

    private final Path cacheDir;
    private final UserDirectory users;
    private final Set<String> notInCacheDir;
    private final FileOpener opener;
    private final Cache<String, UserKeys> cache;

    /** Users' keys, all read as dserver itself: {@code <CacheDir>/relays.authorized_keys} is not read for a user. */
    public UserKeysAuthenticator(Path cacheDir, UserDirectory users) {
        this(cacheDir, users, FileOpener.asDserver());
    }

    /**
     * Users' keys: {@code <CacheDir>/relays.authorized_keys} is not read for a user; a home directory's keys are read
     * as their user through {@code opener} (as dserver itself when it cannot switch).
     */
    public UserKeysAuthenticator(Path cacheDir, UserDirectory users, FileOpener opener) {
        this(cacheDir, users, Set.of(RelayLogins.KEYS_NAME), opener);
    }

    /** @param notInCacheDir names whose {@code <CacheDir>/<name>.authorized_keys} is not read (it is not theirs) */
    UserKeysAuthenticator(Path cacheDir, UserDirectory users, Set<String> notInCacheDir) {
        this(cacheDir, users, notInCacheDir, FileOpener.asDserver());
    }

    private UserKeysAuthenticator(Path cacheDir, UserDirectory users, Set<String> notInCacheDir, FileOpener opener) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.users = Objects.requireNonNull(users, "users");
        this.notInCacheDir = Set.copyOf(notInCacheDir);
        this.opener = Objects.requireNonNull(opener, "opener");
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofHours(1)).build();
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        if (!LoginName.isValid(username)) {
            LOG.info("refusing user name {} from {}: not a valid login name", printable(username),
                    session == null ? "?" : session.getClientAddress());
            return false;
        }
        UserKeys keys = keysOf(username);
        for (PublicKey k : keys.keys()) {
            if (KeyUtils.compareKeys(k, key)) {
                LOG.info("{}@{} authenticated with {} key {}", username,
                        session == null ? "?" : session.getClientAddress(), KeyUtils.getKeyType(key),
                        KeyUtils.getFingerPrint(key));
                return true;
            }
        }
        if (keys.unreadable().isEmpty()) {
            LOG.info("{}@{}: {} key {} is not listed in {}", username,
                    session == null ? "?" : session.getClientAddress(), KeyUtils.getKeyType(key),
                    KeyUtils.getFingerPrint(key), keys.files());
        } else {
            // not "not listed": it may well be listed in the file dserver could not read (logged when it was read)
            LOG.info("{}@{}: {} key {} refused: not listed in the keys dserver could read; it could not read {}", username,
                    session == null ? "?" : session.getClientAddress(), KeyUtils.getKeyType(key),
                    KeyUtils.getFingerPrint(key), String.join(", ", keys.unreadable().stream().map(Path::toString).toList()));
        }
        return false;
    }

    /** The current key snapshot of a user, re-read if a keys file changed. */
    UserKeys keysOf(String user) {
        Optional<UnixUser> account = users.lookup(user);
        List<KeyFile> files = keyFiles(user, account);
        List<Path> paths = files.stream().map(KeyFile::path).toList();
        return cache.asMap().compute(user, (u, old) -> {
            List<FileStamp> stamps = files.stream().map(this::stamp).toList();
            if (old != null && old.files().equals(paths) && old.stamps().equals(stamps)) {
                return old;
            }
            return load(u, files, stamps);
        });
    }

    /** The files that may list keys for {@code user}, in the order they are read. */
    List<Path> keyFiles(String user) {
        return keyFiles(user, users.lookup(user)).stream().map(KeyFile::path).toList();
    }

    private List<KeyFile> keyFiles(String user, Optional<UnixUser> account) {
        List<KeyFile> files = new ArrayList<>(2);
        if (!notInCacheDir.contains(user)) {
            files.add(new KeyFile(cacheDir.resolve(user + ".authorized_keys"), Optional.empty()));
        }
        account.ifPresent(a -> a.home().ifPresent(home -> files.add(new KeyFile(home.resolve(".ssh/authorized_keys"),
                Optional.of(a)))));
        return List.copyOf(files);
    }

    /** A file that may list keys, and the user it is read as (empty: as dserver itself). */
    private record KeyFile(Path path, Optional<UnixUser> readAs) {
    }

    /** What {@code file} looks like now, seen by the user it is read as. */
    private FileStamp stamp(KeyFile file) {
        return as(file, () -> FileStamp.of(file.path()),
                why -> new FileStamp(false, java.util.Map.of("error", why)));
    }

    /** {@code action} as the user {@code file} is read as (as dserver when it is dserver's, or dserver cannot switch). */
    private <T> T as(KeyFile file, Supplier<T> action, Function<String, T> failure) {
        return file.readAs().isPresent() ? opener.actAs(file.readAs().get(), action, failure) : action.get();
    }

    /** The keys a file lists, or why it could not be read. */
    private record Listed(List<PublicKey> keys, Optional<String> problem) {
    }

    private UserKeys load(String user, List<KeyFile> files, List<FileStamp> stamps) {
        List<PublicKey> keys = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            KeyFile f = files.get(i);
            Optional<String> problem = stamps.get(i).problem();
            if (problem.isEmpty() && stamps.get(i).exists()) {
                Listed listed = as(f, () -> listed(f.path()), why -> new Listed(List.of(), Optional.of(why)));
                keys.addAll(listed.keys());
                problem = listed.problem();
            }
            if (problem.isPresent()) {
                unreadable.add(f.path());
                Optional<String> why = problem;
                LOG.warn("cannot read {}: {}", f.path(), as(f, () -> whyUnreadable(f, why.get(), user), reason -> why.get()));
            }
        }
        List<Path> paths = files.stream().map(KeyFile::path).toList();
        LOG.debug("loaded {} key(s) for {} from {}", keys.size(), user, paths);
        return new UserKeys(paths, stamps, keys, unreadable);
    }

    /** The keys {@code f} lists, if it may be used (see {@link #usable}). */
    private static Listed listed(Path f) {
        if (!usable(f)) {
            return new Listed(List.of(), Optional.empty());
        }
        try {
            return new Listed(read(f), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return new Listed(List.of(), Optional.of(e.toString()));
        }
    }

    /**
     * Why a keys file could not be read, and what to change: the first directory on its way that its reader (dserver's
     * user, or the user it is read as) may not enter, or the file itself; {@code failure} where it is neither (an I/O
     * error). Runs as that reader.
     */
    private String whyUnreadable(KeyFile keyFile, String failure, String user) {
        Path file = keyFile.path();
        String self = keyFile.readAs().filter(u -> opener.opensAsUser()).map(UnixUser::name)
                .orElse(System.getProperty("user.name"));
        Path cacheFile = cacheDir.resolve(user + ".authorized_keys");
        String otherwise = file.equals(cacheFile) || notInCacheDir.contains(user) ? "" : ", or list " + user + "'s keys in " + cacheFile.toAbsolutePath();
        Path absolute = file.toAbsolutePath();
        for (int i = 1; i < absolute.getNameCount(); i++) {
            Path dir = absolute.getRoot().resolve(absolute.subpath(0, i));
            if (!mayLookUp(absolute.getRoot().resolve(absolute.subpath(0, i + 1)))) {
                return self + " may not enter " + dir + modeAndOwner(dir) + "; give " + self + " search (x) access to it"
                        + " (e.g. setfacl -m u:" + self + ":x " + dir + ")" + otherwise;
            }
        }
        if (!mayRead(absolute)) {
            return self + " may not read it" + modeAndOwner(absolute) + "; give " + self + " read access to it"
                    + " (e.g. setfacl -m u:" + self + ":r " + absolute + ")" + otherwise;
        }
        return failure;
    }

    /*
     * Tried, not asked with access(2) (Files.isReadable and the like): access(2) answers for the real uid, and the
     * thread that reads a user's keys has only her fsuid.
     */

    /** Whether this thread may look up {@code p} in its directory (search access to the directories on its way). */
    private static boolean mayLookUp(Path p) {
        return !denied(() -> Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    /** Whether this thread may open {@code p} for reading. */
    private static boolean mayRead(Path p) {
        return !denied(() -> Files.newByteChannel(p).close());
    }

    /** A file-system call tried for its permission check. */
    private interface Attempt {
        void run() throws IOException;
    }

    /** Whether the kernel denied {@code attempt} access (any other failure is another story). */
    private static boolean denied(Attempt attempt) {
        try {
            attempt.run();
            return false;
        } catch (AccessDeniedException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String modeAndOwner(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return " (mode " + PosixFilePermissions.toString(a.permissions()) + ", owner " + a.owner().getName() + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static boolean usable(Path f) {
        try {
            if (!Files.isRegularFile(f)) {
                LOG.warn("ignoring {}: not a regular file", f);
                return false;
            }
            PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class);
            Set<PosixFilePermission> p = a.permissions();
            if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.warn("ignoring {}: writable by group or others (chmod go-w)", f);
                return false;
            }
            return true;
        } catch (UnsupportedOperationException e) {
            return true;
        } catch (IOException e) {
            LOG.warn("ignoring {}: {}", f, e.toString());
            return false;
        }
    }

    private static List<PublicKey> read(Path f) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        List<AuthorizedKeyEntry> entries = AuthorizedKeyEntry.readAuthorizedKeys(f);
        for (AuthorizedKeyEntry e : entries) {
            try {
                PublicKey k = e.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (k != null) {
                    keys.add(k);
                } else {
                    LOG.debug("{}: skipping key of unsupported type {}", f, e.getKeyType());
                }
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException ex) {
                LOG.warn("{}: skipping unreadable {} key: {}", f, e.getKeyType(), ex.toString());
            }
        }
        return keys;
    }


    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return "\"" + io.jdtail.logging.ClientText.escape(t) + "\"";
    }

    /**
     * What a keys file looked like when it was read: existence, modification and change time (so a chmod or
     * chown counts too), size, inode, mode and owner.
     */
    record FileStamp(boolean exists, java.util.Map<String, Object> attributes) {
        /** Why the file's attributes could not be read (a directory on its way dserver may not enter), if so. */
        Optional<String> problem() {
            return Optional.ofNullable((String) attributes.get("error"));
        }

        static FileStamp of(Path f) {
            try {
                return new FileStamp(true, java.util.Map.copyOf(
                        Files.readAttributes(f, "unix:lastModifiedTime,ctime,size,fileKey,mode,uid")));
            } catch (NoSuchFileException e) {
                return new FileStamp(false, java.util.Map.of());
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    return new FileStamp(true, java.util.Map.of("mtime", a.lastModifiedTime(), "size", a.size()));
                } catch (IOException ex) {
                    return new FileStamp(false, java.util.Map.of("error", ex.toString()));
                }
            } catch (IOException e) {
                return new FileStamp(false, java.util.Map.of("error", e.toString()));
            }
        }
    }

    /** An immutable snapshot of a user's keys. */
    record UserKeys(List<Path> files, List<FileStamp> stamps, List<PublicKey> keys, List<Path> unreadable) {
        UserKeys {
            files = List.copyOf(files);
            stamps = List.copyOf(stamps);
            keys = List.copyOf(keys);
            unreadable = List.copyOf(unreadable);
        }
    }
}
