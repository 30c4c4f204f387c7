package io.jdtail.server.permission;

import io.jdtail.engine.source.FileGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens files for dserver, either as the requesting user (when dserver may switch its file-system identity: it
 * runs as root, or has CAP_SETUID and CAP_SETGID) or as dserver itself (never as root: a root dserver that cannot
 * switch refuses to start). An open never opens a FIFO or a device (looked up with {@code O_PATH} first), and what
 * it gives is the opened file: its type, owner and mode from the opened
 * descriptor, its real path from {@code /proc/self/fd/N}, and a channel to that same open file.
 *
 * <p>As the user: a few platform threads of their own do the opens. Each switches its fsuid, fsgid and
 * supplementary groups to the user's (per-thread system calls, see {@link ThreadIdentity}), opens, and switches
 * back; the kernel applies mode bits, ACLs, procfs's rules and every other rule, with no race. These threads
 * keep only the capabilities they need while switched (CAP_SETUID and CAP_SETGID; for a root user also the
 * file-system ones root has), so that a root dserver's CAP_SYS_PTRACE does not let a user read another process's
 * {@code /proc/PID/maps}, nor an extra CAP_DAC_READ_SEARCH of dserver's let her read what she may not.
 */
public final class FileOpener {

    private static final Logger LOG = LoggerFactory.getLogger(FileOpener.class);
    private static final int THREADS = 4;
    /**
     * The most opener threads alive: a thread stuck in an open (a hung NFS or FUSE mount) is replaced, up to this
     * many, so that other files can still be opened.
     */
    private static final int MAX_THREADS = 16;
    /** Far longer than any local open takes; bounds the wait of a request on a hung file system. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);
    /** CAP_SETGID and CAP_SETUID: all a thread needs to switch back. */
    private static final long SWITCHING_CAPABILITIES = 0b1100_0000L;
    /**
     * CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_MAC_OVERRIDE: what root may use
     * on files, kept only when the requesting user is root (uid 0).
     */
    private static final long ROOTS_FILE_CAPABILITIES = 0b0001_1111L | (1L << 32);

    private static volatile FileOpener shared;

    private final boolean asUser;
    private final Duration openTimeout;
    private final int maxThreads;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final AtomicInteger threads = new AtomicInteger();

    /** What an open gave. */
    sealed interface Opening {
    }

    /** An opened regular file and what the descriptor says about it. */
    record Opened(FileChannel channel, Path realPath, Object fileKey, int mode, int uid, int gid, long fileSystemType)
            implements Opening {
        /** On procfs or sysfs (decided by the opened file's file system, not by its path). */
        boolean onProcOrSys() {
            return fileSystemType == LinuxCalls.PROC_SUPER_MAGIC || fileSystemType == LinuxCalls.SYSFS_MAGIC;
        }
    }

    /** The open itself failed; {@code errno} is the kernel's reason (0 when it was not the open). */
    record Failed(int errno, String detail) implements Opening {
    }

    /** The path names something other than a regular file (a FIFO, a device, a directory, a socket). */
    record NotRegular(Path realPath) implements Opening {
    }

    /** What an opener thread is asked to do. */
    private sealed interface Task {
    }

    /**
     * Do {@code action} as {@code as}; {@code failure} makes the answer when the switch failed, {@code discard}
     * frees an answer nobody waits for any more.
     */
    private record AsUser<T>(FsIdentity as, Supplier<T> action, Function<String, T> failure, Consumer<T> discard,
                             CompletableFuture<T> result, AtomicBoolean taken, AtomicBoolean replaced) implements Task {
    }

    /** Find out whether the thread can switch identities. */
    private record Probe(CompletableFuture<Optional<String>> whyNot) implements Task {
    }

    /** End the thread. */
    private record Stop() implements Task {
    }

    private FileOpener(boolean asUser) {
        this(asUser, OPEN_TIMEOUT, MAX_THREADS);
    }

    private FileOpener(boolean asUser, Duration openTimeout, int maxThreads) {
        this.asUser = asUser;
        this.openTimeout = openTimeout;
        this.maxThreads = maxThreads;
    }

    /** An opener as the user with {@code threads} threads, for tests of how it copes with a stuck one. */
    static FileOpener asUser(Duration openTimeout, int threads, int maxThreads) {
        FileOpener o = new FileOpener(true, openTimeout, maxThreads);
        for (int i = 0; i < threads; i++) {
            o.startThread();
        }
        return o;
    }

    /** The process's opener: decides once, by trying, whether files can be opened as the requesting user. */
    public static FileOpener shared() {
        FileOpener o = shared;
        if (o == null) {
            synchronized (FileOpener.class) {
                o = shared;
                if (o == null) {
                    o = start();
                    shared = o;
                }
            }
        }
        return o;
    }

    private static FileOpener start() {
        if (!LinuxCalls.supported()) {
            throw new IllegalStateException("dserver opens files with Linux system calls; this is "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
        FileOpener probe = new FileOpener(true);
        probe.startThread();
        Optional<String> whyNot = probe.canSwitch();
        if (whyNot.isEmpty()) {
            for (int i = 1; i < THREADS; i++) {
                probe.startThread();
            }
            return probe;
        }
        probe.tasks.add(new Stop());
        if (runsAsRoot()) {
            // the weaker mode would open every file as root: everything a user's rules allow would be read
            throw new IllegalStateException("dserver runs as root but cannot switch its file-system identity ("
                    + whyNot.get() + "), so it would open every file as root. Give it CAP_SETUID and CAP_SETGID "
                    + "(check CapabilityBoundingSet, SecureBits and the user namespace), or run it as a dedicated "
                    + "user with those two capabilities (see the server README)");
        }
        LOG.debug("cannot open files as the requesting user: {}", whyNot.get());
        return new FileOpener(false);
    }

    /** Whether the process's effective uid is 0 (the second id of {@code Uid:} in its status). */
    private static boolean runsAsRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException | RuntimeException e) {
            // cannot tell: assume the worse
            return true;
        }
    }

    /** An opener that opens as dserver itself, whatever its privileges (the weaker mode, see {@link #describe}). */
    public static FileOpener asDserver() {
        return new FileOpener(false);
    }

    /** True when files are opened as the requesting user; else as dserver itself. */
    public boolean opensAsUser() {
        return asUser;
    }

    /** What dserver says at start about how it opens files. */
    public String describe() {
        if (asUser) {
            return "files are opened as the requesting user (dserver may switch its file-system identity): "
                    + "the kernel decides, with mode bits, ACLs and procfs's rules, then the permission rules";
        }
        return "files are opened as dserver's own user (it has neither root nor CAP_SETUID and CAP_SETGID): the "
                + "permission rules and the classic mode bits decide, checked on the opened file; POSIX ACLs are not "
                + "applied, files under /proc and /sys are refused, and the directories' mode bits are checked on "
                + "the path after the open (a directory's permissions changed meanwhile are not seen). To open as "
                + "the requesting user, give dserver CAP_SETUID and CAP_SETGID (see the server README)";
    }

    /** Opens {@code path} as {@code user} (as dserver itself when it cannot switch: then {@code user} is unused). */
    Opening open(FsIdentity user, String path) {
        if (!asUser) {
            return openHere(path);
        }
        return asUser(user, () -> openHere(path), why -> new Failed(0, why), FileOpener::discard);
    }

    /**
     * Runs {@code action} with {@code user}'s file-system identity (as dserver itself when it cannot switch) and gives
     * its answer, or {@code failure}'s (with the reason) when the switch failed. For a user's own small files that
     * dserver reads for her, as OpenSSH reads {@code ~/.ssh/authorized_keys} as the user: every file-system call of the
     * action is hers (it runs on an opener thread), so her 700 {@code ~/.ssh} is no obstacle, and what she may not read
     * is not read.
     */
    public <T> T actAs(UnixUser user, Supplier<T> action, Function<String, T> failure) {
        if (!asUser) {
            return action.get();
        }
        return asUser(FsIdentity.of(user), action, failure, answer -> {
        });
    }

    /**
     * The entries of directory {@code path} as {@code user} may list them (as dserver itself when it cannot switch):
     * the directory is opened as the user, and its entries are read and looked at through that descriptor by the
     * same thread, still as the user.
     */
    Listing list(FsIdentity user, String path) {
        if (!asUser) {
            return listHere(path);
        }
        return asUser(user, () -> listHere(path), why -> new Listing(List.of(), Optional.of(why)), listing -> {
        });
    }

    /** A directory's entries, or why there are none ({@code whyNot}, for dserver's log). */
    record Listing(List<FileGate.Entry> entries, Optional<String> whyNot) {
        Listing {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Runs {@code action} on an opener thread switched to {@code user}, and waits for its answer (bounded). When the
     * wait ends with the thread still on it, that thread is replaced (up to {@link #MAX_THREADS} alive): it ends
     * once its action returns.
     */
    <T> T asUser(FsIdentity user, Supplier<T> action, Function<String, T> failure, Consumer<T> discard) {
        if (threads.get() == 0) {
            return failure.apply("no thread left that can open files as a user (see the error logged before)");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        AsUser<T> job = new AsUser<>(user, action, failure, discard, result, new AtomicBoolean(), new AtomicBoolean());
        tasks.add(job);
        try {
            return result.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            abandon(result, discard);
            Thread.currentThread().interrupt();
            return failure.apply("interrupted");
        } catch (ExecutionException e) {
            return failure.apply(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            abandon(result, discard);
            replaceIfStuck(job);
            return failure.apply("the open took longer than " + (openTimeout.toMillis() % 1000 == 0
                    ? openTimeout.toSeconds() + " s" : openTimeout.toMillis() + " ms"));
        }
    }

    /** The thread that took {@code job} is still on it: another thread takes its place, up to the cap. */
    private void replaceIfStuck(AsUser<?> job) {
        if (!job.taken().get() || !job.replaced().compareAndSet(false, true)) {
            return;
        }
        int alive = threads.get();
        if (alive < maxThreads) {
            startThread();
            LOG.warn("a file opener thread is stuck in an open as {} for over {} s (a hung file system?); another "
                    + "was started ({} alive, at most {})", job.as(), openTimeout.toSeconds(), alive + 1, maxThreads);
        } else {
            LOG.error("a file opener thread is stuck in an open as {} for over {} s (a hung file system?), and {} "
                    + "threads are alive already: opens wait", job.as(), openTimeout.toSeconds(), alive);
        }
    }

    /**
     * Nobody waits for {@code result} any more: an answer given later is freed by the thread that made it; one given
     * between the wait's end and now (the cancel then fails) is freed here.
     */
    private static <T> void abandon(CompletableFuture<T> result, Consumer<T> discard) {
        if (!result.cancel(false) && !result.isCompletedExceptionally()) {
            discard.accept(result.getNow(null));
        }
    }

    private static void discard(Opening opening) {
        if (opening instanceof Opened o) {
            close(o.channel());
        }
    }

    private Optional<String> canSwitch() {
        CompletableFuture<Optional<String>> whyNot = new CompletableFuture<>();
        tasks.add(new Probe(whyNot));
        try {
            return whyNot.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of(e.toString());
        }
    }

    private void startThread() {
        threads.incrementAndGet();
        Thread.ofPlatform().daemon().name("dserver-file-opener").start(this::work);
    }

    private void work() {
        Self self;
        try {
            self = new Self(ThreadIdentity.current(), LinuxCalls.effectiveCapabilities());
        } catch (IOException e) {
            LOG.error("a file opener thread cannot start: {}", e.getMessage());
            threads.decrementAndGet();
            return;
        }
        while (true) {
            Task task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                threads.decrementAndGet();
                return;
            }
            switch (task) {
                case Stop stop -> {
                    threads.decrementAndGet();
                    return;
                }
                case Probe probe -> {
                    Optional<String> whyNot = probe(self);
                    if (!restore(self)) {
                        return;
                    }
                    probe.whyNot().complete(whyNot);
                }
                case AsUser<?> job -> {
                    if (job.result().isDone()) {
                        // its request stopped waiting before any thread took it
                        continue;
                    }
                    job.taken().set(true);
                    if (!runAs(job, self)) {
                        return;
                    }
                }
            }
        }
    }

    /** Does {@code job} as its user and answers it as dserver again; false when this thread cannot go on. */
    private <T> boolean runAs(AsUser<T> job, Self self) {
        T answer = switchedTo(job.as(), self, job.action(), job.failure());
        // only as dserver again may this thread wake the waiting request: waking a virtual thread may start a
        // carrier thread, and a new thread is who the thread that started it is
        if (!restore(self)) {
            job.discard().accept(answer);
            return false;
        }
        if (!job.result().complete(answer)) {
            job.discard().accept(answer);
        }
        if (job.replaced().get()) {
            // another thread took this one's place while it was stuck
            threads.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Who an opener thread is when it is not opening: its identity and its effective capabilities. */
    private record Self(FsIdentity identity, long capabilities) {
    }

    /**
     * Opens as {@code user}, with no capability but those an open as that user may use (CAP_SYS_PTRACE would let a
     * root dserver read any process's {@code /proc/PID/maps}); the caller switches back. The file-system
     * capabilities are dropped here for any user but root, not left to the kernel: it drops them on a change of
     * fsuid only from 0 and without the no-setuid-fixup securebit, so a dserver user given CAP_DAC_READ_SEARCH would
     * pass it on to every user.
     */
    private static <T> T switchedTo(FsIdentity user, Self self, Supplier<T> action, Function<String, T> failure) {
        try {
            long allowed = SWITCHING_CAPABILITIES | (user.uid() == 0 ? ROOTS_FILE_CAPABILITIES : 0);
            LinuxCalls.setEffectiveCapabilities(self.capabilities() & allowed);
            ThreadIdentity.assume(user);
            long left = LinuxCalls.effectiveCapabilities() & ~allowed;
            if (left != 0) {
                return failure.apply("cannot act as " + user + ": the thread still has capabilities 0x"
                        + Long.toHexString(left));
            }
            return action.get();
        } catch (ThreadIdentity.IdentityNotTaken | IOException e) {
            return failure.apply("cannot act as " + user + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            return failure.apply("cannot act as " + user + ": " + e);
        }
    }

    /** Switches to a uid other than the thread's: whether this process may switch identities at all. */
    private Optional<String> probe(Self self) {
        FsIdentity me = self.identity();
        FsIdentity other = new FsIdentity(me.uid() == 65534 ? 65533 : 65534, me.gid() == 65534 ? 65533 : 65534,
                java.util.Set.of());
        try {
            ThreadIdentity.assume(other);
            return Optional.empty();
        } catch (ThreadIdentity.IdentityNotTaken e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Back to dserver's identity and capabilities, checked; if the kernel does not take them, this thread ends
     * rather than go on as someone else.
     */
    private boolean restore(Self self) {
        try {
            ThreadIdentity.assume(self.identity());
            LinuxCalls.setEffectiveCapabilities(self.capabilities());
            if (LinuxCalls.effectiveCapabilities() != self.capabilities()) {
                throw new IOException("the effective capabilities are not restored");
            }
            return true;
        } catch (ThreadIdentity.IdentityNotTaken | IOException | RuntimeException e) {
            int left = threads.decrementAndGet();
            LOG.error("a file opener thread cannot switch back to dserver's identity ({}); it ends, {} left",
                    e.getMessage(), left);
            return false;
        }
    }

    /**
     * Opens as whoever the calling thread is: looked up first ({@code O_PATH}, which opens nothing: no driver's
     * open runs, no FIFO blocks or gets a reader), then, only if {@code fstat} says it is a regular file, opened
     * for reading through {@code /proc/self/fd/N} by the same identity (the kernel checks the read permission
     * then). The descriptor's facts and a channel to that file; the look-up descriptor is closed.
     */
    private static Opening openHere(String path) {
        int fd;
        try {
            fd = LinuxCalls.lookUp(path);
        } catch (LinuxCalls.Failure e) {
            return new Failed(e.errno, e.getMessage());
        }
        try {
            Path link = Path.of("/proc/self/fd/" + fd);
            Map<String, Object> attrs = Files.readAttributes(link, "unix:mode,uid,gid,fileKey,isRegularFile");
            Path real = Files.readSymbolicLink(link);
            if (!(Boolean) attrs.get("isRegularFile")) {
                return new NotRegular(real);
            }
            long fileSystemType = LinuxCalls.fileSystemType(fd);
            FileChannel channel = FileChannel.open(link, StandardOpenOption.READ);
            return new Opened(channel, real, attrs.get("fileKey"), (Integer) attrs.get("mode"), (Integer) attrs.get("uid"),
                    (Integer) attrs.get("gid"), fileSystemType);
        } catch (java.nio.file.AccessDeniedException e) {
            return new Failed(LinuxCalls.EACCES, e.toString());
        } catch (IOException | RuntimeException e) {
            return new Failed(0, e.toString());
        } finally {
            LinuxCalls.close(fd);
        }
    }

    /**
     * Lists a directory as whoever the calling thread is: opened ({@code O_DIRECTORY}, without blocking), then its
     * entries read and looked at through {@code /proc/self/fd/N}, so that what is listed is the directory that was
     * opened.
     */
    private static Listing listHere(String path) {
        int fd;
        try {
            fd = LinuxCalls.openDirectory(path);
        } catch (LinuxCalls.Failure e) {
            return new Listing(List.of(), Optional.of(e.getMessage()));
        }
        try {
            return new Listing(FileGate.listAsThisThread(Path.of("/proc/self/fd/" + fd)), Optional.empty());
        } finally {
            LinuxCalls.close(fd);
        }
    }

    static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing is lost
        }
    }
}
