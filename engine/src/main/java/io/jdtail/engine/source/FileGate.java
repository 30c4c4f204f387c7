package io.jdtail.engine.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one way the engine opens a file to read (read-once, follow and every re-open after a rotation, glob matches;
 * stdin excepted). The decision whether a file may be read is made on the file it opened, never on a path
 * looked at before: what is read is exactly what was decided on. dserver's gate opens as the requesting user
 * and applies its permission rules; serverless commands use {@link #PROCESS}.
 */
@FunctionalInterface
public interface FileGate {

    /** Opens as the process itself: the kernel applies the running user's rights. */
    FileGate PROCESS = new ProcessFileGate();

    /** Opens {@code requested}, or says why not; never throws for I/O problems. */
    Opened open(Path requested);

    /**
     * The entries of {@code directory}, listed as whoever this gate opens files as (a glob finds only what its user
     * could list herself); empty when it cannot be listed, so that a directory she may not list looks the same
     * whether it holds files or not. This process's own listing unless the gate opens as someone else.
     */
    default List<Entry> list(Path directory) {
        return listAsThisThread(directory);
    }

    /** The entries of {@code directory} as the calling thread may list them; empty when it may not. */
    static List<Entry> listAsThisThread(Path directory) {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(directory)) {
            for (Path p : names) {
                entries.add(new Entry(p.getFileName().toString(), Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS),
                        Files.isRegularFile(p)));
            }
        } catch (IOException | RuntimeException e) {
            // not listed: as for a directory that is not there
            return List.of();
        }
        return entries;
    }

    /**
     * Whether a pattern relative to this process's working directory means anything to the user: not to a
     * server's user, whose working directory it is not.
     */
    default boolean expandsRelativePatterns() {
        return true;
    }

    /**
     * One entry of a directory.
     *
     * @param name        its name in the directory
     * @param directory   a directory itself, not a symlink to one (a walk does not follow links into directories)
     * @param regularFile a regular file, or a symlink to one
     */
    record Entry(String name, boolean directory, boolean regularFile) {
        public Entry {
            Objects.requireNonNull(name);
        }
    }

    /** What an open gave. */
    sealed interface Opened permits OpenedFile, Refused {
    }

    /**
     * An opened file (dserver's gate: always a regular file); read it only through {@code channel}: from its start
     * sequentially, and ranges of it by positional reads, which several threads may make at once.
     *
     * @param requested the path as asked for
     * @param realPath  where the opened file is (symlinks resolved)
     * @param fileKey   the opened file's identity (device and inode), to tell when the path names another file
     */
    record OpenedFile(Path requested, Path realPath, Object fileKey, FileChannel channel) implements Opened, Closeable {
        public OpenedFile {
            Objects.requireNonNull(requested);
            Objects.requireNonNull(realPath);
            Objects.requireNonNull(channel);
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // a read-only descriptor: nothing is lost
            }
        }
    }

    /**
     * A file that is not read.
     *
     * @param requested the path as asked for
     * @param reason    for the user, e.g. {@code not allowed}: never more than the user could find out herself
     * @param missing   the file is not there, as far as the user may know (a followed file may still appear)
     */
    record Refused(Path requested, String reason, boolean missing) implements Opened {
        public Refused {
            Objects.requireNonNull(requested);
            Objects.requireNonNull(reason);
        }

        /** {@code <requested>: <reason>}, what the user is shown. */
        public String message() {
            return requested + ": " + reason;
        }
    }
}
