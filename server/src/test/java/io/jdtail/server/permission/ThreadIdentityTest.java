package io.jdtail.server.permission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The per-thread file-system identity switch (these tests run as root, as CI does): the switched thread opens
 * files as the user, every other thread keeps dserver's identity, and switching back restores it.
 */
class ThreadIdentityTest {

    static final FsIdentity NOBODY = new FsIdentity(65534, 65534, Set.of(65534));

    /** The kernel's view of the calling thread: fsuid (4th Uid field), fsgid and supplementary groups. */
    static List<String> kernelView() throws Exception {
        List<String> status = Files.readAllLines(Path.of("/proc/thread-self/status"));
        String uid = status.stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[4];
        String gid = status.stream().filter(l -> l.startsWith("Gid:")).findFirst().orElseThrow().split("\\s+")[4];
        String groups = status.stream().filter(l -> l.startsWith("Groups:")).findFirst().orElseThrow().substring(7).strip();
        return List.of(uid, gid, groups);
    }

    @Test
    void theSwitchedThreadOpensAsTheUserAndOnlyThatThread(@TempDir Path dir) throws Exception {
        Path rootOnly = Files.writeString(dir.resolve("root-only"), "root\n");
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
        CountDownLatch switched = new CountDownLatch(1);
        CountDownLatch looked = new CountDownLatch(1);
        FutureTask<List<String>> switchedThread = new FutureTask<>(() -> {
            FsIdentity self = ThreadIdentity.current();
            ThreadIdentity.assume(NOBODY);
            try {
                assertThat(ThreadIdentity.current()).isEqualTo(NOBODY);
                assertThat(kernelView()).containsExactly("65534", "65534", "65534");
                assertThatThrownBy(() -> Files.readString(rootOnly)).isInstanceOf(AccessDeniedException.class);
                switched.countDown();
                assertThat(looked.await(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                ThreadIdentity.assume(self);
            }
            assertThat(ThreadIdentity.current()).isEqualTo(self);
            assertThat(Files.readString(rootOnly)).isEqualTo("root\n");
            return kernelView();
        });
        Thread.ofPlatform().start(switchedThread);
        assertThat(switched.await(30, TimeUnit.SECONDS)).isTrue();
        FutureTask<List<String>> otherThread = new FutureTask<>(ThreadIdentityTest::kernelView);
        Thread.ofPlatform().start(otherThread);
        List<String> other = otherThread.get(30, TimeUnit.SECONDS);
        String readByOther = Files.readString(rootOnly);
        looked.countDown();

        assertThat(other.get(0)).isEqualTo("0");
        assertThat(readByOther).isEqualTo("root\n");
        assertThat(switchedThread.get(30, TimeUnit.SECONDS).get(0)).isEqualTo("0");
    }

    @Test
    void switchingBackAfterAFailedOpenRestoresTheIdentity() throws Exception {
        FutureTask<FsIdentity> task = new FutureTask<>(() -> {
            FsIdentity self = ThreadIdentity.current();
            ThreadIdentity.assume(NOBODY);
            ThreadIdentity.assume(self);
            return ThreadIdentity.current();
        });
        Thread.ofPlatform().start(task);
        FsIdentity restored = task.get(30, TimeUnit.SECONDS);
        assertThat(restored.uid()).isZero();
        assertThat(restored.gid()).isZero();
    }
}
