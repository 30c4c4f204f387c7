package io.jdtail.sink.csv;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Writes whole files atomically: the content goes to a hidden temporary file in the target's own
 * directory ({@code .NAME.tmp-<16 hex digits>}), is forced to disk, and is then renamed over the
 * target in one step. A reader sees either the old or the new file, never a part of the new one;
 * a crash before the rename leaves the old file untouched (and a stale hidden temporary file,
 * which {@link #removeStaleTemporaries} removes on a later open). Two files that belong together
 * (a CSV and its query) are replaced as a pair by {@link #replacePair}.
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
        writeAndMove(target, body, target);
    }

    /**
     * Writes {@code body} to a new temporary file beside {@code target} (with {@code target}'s
     * permissions), forces it to disk, renames it to {@code destination} in one step and makes the
     * rename durable. On failure the temporary file is removed and {@code destination} is as it was.
     */
    private static void writeAndMove(Path target, Body body, Path destination) throws IOException {
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
            Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the original failure is what matters; a left-over is removed on a later open
        }
    }

    /**
     * Where a complete new half of a pair waits for its rename, a fixed name beside it
     * ({@code .NAME.pending}): which of them exist tells a later open how far a writer got.
     */
    static Path pendingOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".pending");
    }

    /**
     * Replaces {@code target} with {@code body}'s content and {@code sidecar} with
     * {@code sidecarContent} as a pair: a failure leaves both old files, success both new ones.
     *
     * <p>When the sidecar already holds that content, only {@code target} is replaced, in one
     * atomic rename. Otherwise both contents are written in full and forced to disk first, and set
     * aside under {@link #pendingOf fixed names}: the sidecar's, then the target's, whose rename is
     * the commit point. Then the sidecar and the target are put into place, in that order (see
     * {@link #complete}); should the target's rename fail, the old sidecar is put back. Two renames
     * cannot be one, so for the instant between them a reader can see the new sidecar beside the
     * old target; a crash from the commit point on leaves the committed pair set aside, and
     * {@link #recoverPair} (at the next open) completes it. A crash before the commit point leaves
     * the old pair and a pending sidecar, which that open removes.
     */
    static void replacePair(Path target, Body body, Path sidecar, byte[] sidecarContent) throws IOException {
        Optional<byte[]> oldSidecar = readIfFile(sidecar);
        if (oldSidecar.isPresent() && Arrays.equals(oldSidecar.get(), sidecarContent)) {
            replace(target, body);
            return;
        }
        Path pendingSidecar = pendingOf(sidecar);
        boolean committed = false;
        try {
            writeAndMove(sidecar, text(sidecarContent), pendingSidecar);
            writeAndMove(target, body, pendingOf(target));
            committed = true;
        } finally {
            if (!committed) {
                deleteQuietly(pendingSidecar);
            }
        }
        complete(target, sidecar, oldSidecar);
    }

    /**
     * Finishes what a writer of a pair left behind (see {@link #replacePair}): a pending target
     * (committed) is completed with its pending sidecar; a pending sidecar alone (not committed)
     * is removed, leaving the old pair.
     */
    static void recoverPair(Path target, Path sidecar) throws IOException {
        Path pendingTarget = pendingOf(target);
        Path pendingSidecar = pendingOf(sidecar);
        if (Files.isRegularFile(pendingTarget, LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(pendingSidecar, LinkOption.NOFOLLOW_LINKS)) {
            complete(target, sidecar, readIfFile(sidecar));
            return;
        }
        // a pending sidecar alone: not committed, or completed but for its removal; a pending
        // target alone is no state a writer leaves (it is dropped before its sidecar)
        Files.deleteIfExists(pendingTarget);
        Files.deleteIfExists(pendingSidecar);
    }

    /**
     * Puts a committed pair in place: the sidecar replaced with the pending one's content, then the
     * pending target renamed, then the pending sidecar removed. The pending sidecar stays until the
     * end, so that a crash anywhere in between leaves a committed pair that the next open completes.
     * Should the target's rename fail, {@code oldSidecar} is put back and the pair dropped.
     */
    private static void complete(Path target, Path sidecar, Optional<byte[]> oldSidecar) throws IOException {
        Path pendingTarget = pendingOf(target);
        Path pendingSidecar = pendingOf(sidecar);
        try {
            replace(sidecar, text(Files.readAllBytes(pendingSidecar)));
        } catch (IOException e) {
            abort(pendingTarget, pendingSidecar);
            throw e;
        }
        try {
            Files.move(pendingTarget, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                if (oldSidecar.isPresent()) {
                    replace(sidecar, text(oldSidecar.get()));
                } else {
                    Files.deleteIfExists(sidecar);
                }
            } catch (IOException restoring) {
                // the new sidecar stays: so does the committed pair, for the next open to complete
                e.addSuppressed(restoring);
                throw new IOException(describe(e) + "; the new result waits in " + pendingTarget
                        + " and is put in place when " + target + " is next opened", e);
            }
            abort(pendingTarget, pendingSidecar);
            throw e;
        }
        deleteQuietly(pendingSidecar);
        syncDirectory(target.getParent());
    }

    private static Body text(byte[] utf8) {
        return out -> out.buffer().append(new String(utf8, UTF_8));
    }

    /** Drops a pair that will not be completed: the pending target first, so that it is never completed half. */
    private static void abort(Path pendingTarget, Path pendingSidecar) {
        deleteQuietly(pendingTarget);
        deleteQuietly(pendingSidecar);
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Optional<byte[]> readIfFile(Path file) throws IOException {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (NoSuchFileException gone) {
            return Optional.empty();
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
