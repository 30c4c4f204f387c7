package io.jdtail.sink.csv;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes whole files atomically: the content goes to a hidden temporary file in the target's own
 * directory ({@code .NAME.tmp-<16 hex digits>}), is forced to disk, and is then renamed over the
 * target in one step. A reader sees either the old or the new file, never a part of the new one;
 * a crash before the rename leaves the old file untouched (and a stale hidden temporary file,
 * which {@link #removeStaleTemporaries} removes on a later open).
 */
final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TMP_INFIX = ".tmp-";
    private static final int TMP_SUFFIX_LENGTH = 16;
    private static final int CHUNK = 1 << 16;

    private AtomicFiles() {
    }

    /** Produces a file's content in pieces. */
    interface Body {
        void writeTo(Out out) throws IOException;
    }

    /** Receives text, encodes it as UTF-8 and writes it through in chunks of about 64 KiB. */
    static final class Out {
        private final FileChannel channel;
        private final StringBuilder pending = new StringBuilder(CHUNK + 1024);

        Out(FileChannel channel) {
            this.channel = channel;
        }

        /** The buffer to append text to; call {@link #maybeFlush()} after each record. */
        StringBuilder buffer() {
            return pending;
        }

        void maybeFlush() throws IOException {
            if (pending.length() >= CHUNK) {
                flush();
            }
        }

        void flush() throws IOException {
            if (pending.isEmpty()) {
                return;
            }
            writeFully(channel, ByteBuffer.wrap(pending.toString().getBytes(UTF_8)));
            pending.setLength(0);
        }
    }

    static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** The name prefix of temporary files made for {@code target}. */
    static String temporaryPrefix(Path target) {
        return "." + target.getFileName() + TMP_INFIX;
    }

    /** Replaces {@code target} with {@code body}'s content atomically. */
    static void replace(Path target, Body body) throws IOException {
        Path dir = target.getParent();
        byte[] random = new byte[TMP_SUFFIX_LENGTH / 2];
        RANDOM.nextBytes(random);
        Path tmp = dir.resolve(temporaryPrefix(target) + HexFormat.of().formatHex(random));
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copyPermissions(target, tmp);
                Out out = new Out(channel);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what matters; a left-over is removed on a later open
                }
            }
        }
    }

    /** Replaces {@code target} with {@code text} atomically. */
    static void replace(Path target, String text) throws IOException {
        replace(target, out -> out.buffer().append(text));
    }

    /** A new file gets the permissions of the file it replaces, so a rewrite keeps e.g. 0644. */
    private static void copyPermissions(Path from, Path to) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class);
            if (view != null && Files.exists(from)) {
                Set<PosixFilePermission> perms = view.readAttributes().permissions();
                Files.setPosixFilePermissions(to, perms);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
            // best effort: the default permissions of a new file are fine too
        }
    }

    /** Makes the rename itself durable (POSIX); ignored where directories cannot be opened. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on every platform; the data itself is already forced
        }
    }

    /**
     * Deletes temporary files of {@code target} left behind by a crashed writer: those matching
     * this class's naming scheme exactly and not modified for {@code minAge} (a live writer keeps
     * its temporary file fresh). Failures are ignored.
     */
    static void removeStaleTemporaries(Path target, Duration minAge) {
        Path dir = target.getParent();
        String prefix = temporaryPrefix(target);
        Instant before = Instant.now().minus(minAge);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                p -> isTemporaryName(p.getFileName().toString(), prefix))) {
            for (Path p : entries) {
                try {
                    FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    if (modified.toInstant().isBefore(before) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // someone else removed it, or we may not
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable directory shows up as a clear error on the first write instead
        }
    }

    static boolean isTemporaryName(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() != prefix.length() + TMP_SUFFIX_LENGTH) {
            return false;
        }
        for (int i = prefix.length(); i < name.length(); i++) {
            if (Character.digit(name.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
