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
                if (Files.readString(task.resolve("comm")).strip().startsWith("dserver-file-op")) {
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
        FileOpener opener = FileOpener.asUser(java.time.Duration.ofMillis(500), 1, 2);
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
            assertThat(stuck).isEqualTo("the open took longer than 500 ms");

            FileOpener.Opening next = opener.open(nobody, world.toString());
            assertThat(next).isInstanceOf(FileOpener.Opened.class);
            FileOpener.close(((FileOpener.Opened) next).channel());
        } finally {
            hungFileSystem.countDown();
        }
    }
}
