package io.jdtail.server.permission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opener threads, as the kernel sees them (these tests run as root, as CI does): an open is made as the user,
 * and by the time the request has its answer the thread is dserver again, with all its capabilities, so that no
 * thread it may start (a carrier of virtual threads) is anyone else.
 */
class FileOpenerTest {

    /** The Uid, Gid, Groups and CapEff lines of a thread's {@code status} (fsuid and fsgid are the last ids). */
    static List<String> credentials(Path taskStatus) throws IOException {
        return Files.readAllLines(taskStatus).stream()
                .filter(l -> l.startsWith("Uid:") || l.startsWith("Gid:") || l.startsWith("Groups:") || l.startsWith("CapEff:"))
                .toList();
    }

    static List<Path> openerThreads() throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue;   // a thread of the JVM that ended after the listing: not an opener thread
                }
                if (name.startsWith("dserver-file-op")) {
                    found.add(task.resolve("status"));
                }
            }
        }
        return found;
    }

    @Test
    void opensAsTheUserAndIsDserverAgainWhenTheAnswerComes(@TempDir Path dir) throws Exception {
        FileOpener opener = FileOpener.shared();
        assertThat(opener.opensAsUser()).as("these tests run as root").isTrue();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path rootOnly = Files.writeString(dir.resolve("root-only"), "root\n");
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
        FsIdentity nobody = new FsIdentity(65534, 65534, Set.of(65534));
        List<String> dserver = credentials(Path.of("/proc/thread-self/status"));

        for (int i = 0; i < 20; i++) {
            FileOpener.Opening asNobody = opener.open(nobody, rootOnly.toString());
            assertThat(asNobody).isInstanceOf(FileOpener.Failed.class);
            assertThat(((FileOpener.Failed) asNobody).errno()).isEqualTo(LinuxCalls.EACCES);
            List<Path> threads = openerThreads();
            assertThat(threads).isNotEmpty();
            for (Path t : threads) {
                assertThat(credentials(t)).as(t.toString()).isEqualTo(dserver);
            }
        }
        FileOpener.Opening asRoot = opener.open(new FsIdentity(0, 0, Set.of(0)), rootOnly.toString());
        assertThat(asRoot).isInstanceOf(FileOpener.Opened.class);
        FileOpener.close(((FileOpener.Opened) asRoot).channel());
    }

    /**
     * A thread stuck in an open (a hung NFS or FUSE mount; here an action that waits until the test lets it go) is
     * replaced once its request stops waiting: the next open is made by another thread.
     */
    @Test
    void aThreadStuckInAnOpenIsReplaced(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path world = Files.writeString(dir.resolve("world"), "world\n");
        Files.setPosixFilePermissions(world, PosixFilePermissions.fromString("rw-r--r--"));
        FsIdentity nobody = new FsIdentity(65534, 65534, Set.of(65534));
        // long enough for the replacement thread's first open on a loaded machine, short enough for the test
        FileOpener opener = FileOpener.asUser(java.time.Duration.ofSeconds(3), 1, 2);
        java.util.concurrent.CountDownLatch hungFileSystem = new java.util.concurrent.CountDownLatch(1);
        try {
            String stuck = opener.asUser(nobody, () -> {
                try {
                    hungFileSystem.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "done";
            }, why -> why, answer -> {
            });
            assertThat(stuck).isEqualTo("the open took longer than 3 s");

            FileOpener.Opening next = opener.open(nobody, world.toString());
            assertThat(next).isInstanceOf(FileOpener.Opened.class);
            FileOpener.close(((FileOpener.Opened) next).channel());
        } finally {
            hungFileSystem.countDown();
        }
    }

    /**
     * While an opener thread acts as a user it has CAP_SETUID and CAP_SETGID only (root's file capabilities too
     * for root, never CAP_SYS_PTRACE and the like); afterwards it has all of dserver's again. The opener's threads
     * have the no-setuid-fixup securebit (inherited from the thread that starts them), as a dserver given it
     * would: the kernel then leaves the file capabilities on when the fsuid changes, so dserver must drop them.
     */
    @Test
    void whileSwitchedAThreadHasOnlyTheCapabilitiesItsUserMayUse() throws Exception {
        java.util.concurrent.CompletableFuture<FileOpener> started = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                noSetuidFixup();
                started.complete(FileOpener.asUser(java.time.Duration.ofSeconds(60), 1, 1));
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        });
        FileOpener opener = started.get(60, java.util.concurrent.TimeUnit.SECONDS);
        FsIdentity nobody = new FsIdentity(65534, 65534, Set.of(65534));
        FsIdentity root = new FsIdentity(0, 0, Set.of(0));
        long setuidSetgid = (1L << 6) | (1L << 7);
        long rootsFileCapabilities = 0b1_1111L | (1L << 32);
        long permitted = capabilities("CapPrm:", Path.of("/proc/thread-self/status"));

        assertThat(opener.asUser(nobody, FileOpenerTest::ownEffectiveCapabilities, why -> -1L, c -> { }))
                .isEqualTo(setuidSetgid & permitted);
        assertThat(opener.asUser(root, FileOpenerTest::ownEffectiveCapabilities, why -> -1L, c -> { }))
                .isEqualTo((setuidSetgid | rootsFileCapabilities) & permitted);
        for (Path t : openerThreads()) {
            assertThat(capabilities("CapEff:", t)).as(t.toString()).isEqualTo(capabilities("CapEff:",
                    Path.of("/proc/thread-self/status")));
        }
    }

    /** prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP) for the calling thread (root has CAP_SETPCAP). */
    private static void noSetuidFixup() throws Throwable {
        java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
        java.lang.invoke.MethodHandle prctl = linker.downcallHandle(linker.defaultLookup().find("prctl").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                        java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_LONG),
                java.lang.foreign.Linker.Option.firstVariadicArg(1));
        int result = (int) prctl.invokeExact(28, 4L);
        assertThat(result).as("prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP)").isZero();
    }

    private static long ownEffectiveCapabilities() {
        try {
            return capabilities("CapEff:", Path.of("/proc/thread-self/status"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long capabilities(String line, Path status) throws IOException {
        return Files.readAllLines(status).stream().filter(l -> l.startsWith(line))
                .mapToLong(l -> Long.parseUnsignedLong(l.substring(line.length()).strip(), 16)).findFirst().orElseThrow();
    }
}
