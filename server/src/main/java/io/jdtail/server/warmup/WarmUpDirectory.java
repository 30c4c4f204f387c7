package io.jdtail.server.warmup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directory of one warm-up's log: {@code <CacheDir>/warm-up.<pid>-<start>.<random>}, made afresh at every start
 * by one {@code mkdir} (mode 0700), which fails rather than use anything already there: a link, a file or a directory
 * planted in {@code CacheDir} before dserver started is never followed or written to, and two dservers on one
 * {@code CacheDir} never share one. The process in the name (its id and when it started, in ms since the epoch, as
 * the id alone comes again: in a container dserver is process 1 at every start) tells the directories of dservers
 * that were killed during their warm-up (the log is 4 MB; one restarted in a loop would fill the disk): the next
 * warm-up deletes those.
 *
 * @param path the directory, made by {@link #create}
 */
record WarmUpDirectory(Path path) {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpDirectory.class);

    /** The directories' names begin so; the process follows ({@link Maker}), then a dot. */
    static final String PREFIX = "warm-up.";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "([0-9]{1,18})-([0-9]{1,19})\\..+");
    /** The log's name in its directory. */
    static final String LOG_NAME = "warm-up.log";

    /**
     * Deletes the directories of warm-ups whose dserver has ended, then makes this dserver's own, empty, in
     * {@code cacheDir} (made first if missing, owner-only as dserver makes it at start).
     */
    static WarmUpDirectory create(Path cacheDir) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(cacheDir, ownerOnly);
        deleteThoseOfEndedProcesses(cacheDir);
        return new WarmUpDirectory(Files.createTempDirectory(cacheDir, PREFIX + Maker.current().name() + ".",
                ownerOnly));
    }

    /** Where the log goes (not made yet). */
    Path log() {
        return path.resolve(LOG_NAME);
    }

    /** Deletes the log, if written, and the directory. */
    void delete() throws IOException {
        Files.deleteIfExists(log());
        Files.deleteIfExists(path);
    }

    /**
     * Deletes what a warm-up of a dserver that is no longer running left: its log and then its directory, if empty,
     * nothing else. It works on the open directories ({@code unlinkat}), never on a path again: a link, a file, or
     * a directory put in the place of one after it was looked at is neither followed nor deleted. What cannot be
     * deleted is logged and left.
     */
    private static void deleteThoseOfEndedProcesses(Path cacheDir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(cacheDir, PREFIX + "*")) {
            if (!(entries instanceof SecureDirectoryStream<Path> cache)) {
                LOG.debug("warm-up: the file system of {} deletes nothing safely; what warm-ups left there stays",
                        cacheDir);
                return;
            }
            for (Path entry : entries) {
                Path name = entry.getFileName();
                Optional<Maker> maker = Maker.of(name.toString());
                if (maker.isEmpty() || maker.get().running()
                        || !cache.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes().isDirectory()) {
                    continue;
                }
                try {
                    try (SecureDirectoryStream<Path> left = cache.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                        left.deleteFile(Path.of(LOG_NAME));
                    } catch (NoSuchFileException e) {
                        // killed before it wrote its log
                    }
                    cache.deleteDirectory(name);
                    LOG.info("warm-up: deleted {}, left by a dserver (process {}) that ended during its warm-up", entry,
                            maker.get().pid());
                } catch (IOException e) {
                    LOG.warn("warm-up: cannot delete {}, left by a dserver that ended during its warm-up ({}); delete "
                            + "it by hand", entry, e.toString());
                }
            }
        }
    }

    /**
     * The process that made a warm-up directory.
     *
     * @param pid     its id
     * @param started when it started, in ms since the epoch; 0 where the system does not say
     */
    record Maker(long pid, long started) {

        static Maker current() {
            ProcessHandle self = ProcessHandle.current();
            return new Maker(self.pid(), startOf(self));
        }

        /** The maker a directory's name {@code warm-up.<pid>-<started>.<random>} names; empty for any other name. */
        static Optional<Maker> of(String name) {
            Matcher m = NAME.matcher(name);
            return m.matches() ? Optional.of(new Maker(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))))
                    : Optional.empty();
        }

        String name() {
            return pid + "-" + started;
        }

        /** Whether this process still runs: a process with its id that started when it did (or may have). */
        boolean running() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> started == 0 || startOf(p) == 0 || startOf(p) == started).orElse(false);
        }

        private static long startOf(ProcessHandle process) {
            return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        }
    }
}
