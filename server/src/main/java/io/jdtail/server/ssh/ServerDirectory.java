package io.jdtail.server.ssh;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory dserver writes, named by the setting that chooses it ({@code Common.CacheDir}, {@code --logDir},
 * the directory of {@code Server.HostKeyFile}). {@link #prepare()} makes it if it is missing and, when it cannot
 * be made or written, says what is wrong, as whom dserver runs and what to change: the operator of a dserver
 * started as a plain user with a configuration written for a system service otherwise sees a bare path.
 *
 * @param setting   where the path comes from, as the operator would change it
 * @param dir       the directory
 * @param holdsFile the setting names a file in {@code dir} (so the remedy is "a file in a directory ...")
 * @param ownerOnly a directory made here gets mode 0700 (it holds private keys)
 */
public record ServerDirectory(String setting, Path dir, boolean holdsFile, boolean ownerOnly) {

    public ServerDirectory {
        Objects.requireNonNull(setting, "setting");
        dir = dir.toAbsolutePath().normalize();
    }

    /** The directory a configuration key or command-line option names. */
    public static ServerDirectory named(String setting, Path dir, boolean ownerOnly) {
        return new ServerDirectory(setting, dir, false, ownerOnly);
    }

    /** The directory of the file a configuration key names; made owner-only (it holds private keys). */
    public static ServerDirectory holding(String setting, Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return new ServerDirectory(setting, parent == null ? Path.of("/") : parent, true, true);
    }

    /**
     * Makes the directory if it is missing. Empty when it is there and dserver may write it; otherwise one
     * sentence for the operator, e.g. {@code cannot create Common.CacheDir /var/lib/dserver/cache: permission
     * denied in /var/lib (dserver runs as user alice); create it and give alice write access, or set
     * Common.CacheDir in the config to a directory alice can write}.
     */
    public Optional<String> prepare() {
        String user = System.getProperty("user.name");
        String otherwise = "or " + (setting.startsWith("-") ? "give " + setting + " a directory " + user + " can write"
                : "set " + setting + " in the config to " + (holdsFile ? "a file in " : "") + "a directory " + user + " can write");
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir) ? Optional.empty()
                    : Optional.of(what() + " " + dir + " is not writable by " + user + "; give " + user + " write access, " + otherwise);
        }
        try {
            if (ownerOnly) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir);
                }
            } else {
                Files.createDirectories(dir);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot create " + what() + " " + dir + ": " + why(e) + " (dserver runs as user " + user
                    + "); create it and give " + user + " write access, " + otherwise);
        }
    }

    /** {@link #prepare()} for a directory dserver cannot do without: the problem as an exception. */
    public void require() throws IOException {
        Optional<String> problem = prepare();
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
    }

    private String what() {
        return holdsFile ? "the directory of " + setting : setting;
    }

    /** Why {@code dir} could not be made, named by the part of its path that is in the way. */
    private String why(IOException e) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            return existing + " is not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied in " + existing;
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " in " + existing;
        }
        return e.toString();
    }
}
