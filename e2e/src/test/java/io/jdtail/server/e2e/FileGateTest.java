package io.jdtail.server.e2e;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DtailhealthCommand;
import io.jdtail.remote.ServerAddress;
import io.jdtail.engine.wire.Messages;
import io.jdtail.server.LogCapture;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file dserver reads is opened as the requesting user ({@code nobody} here, dserver runs as root) and
 * decided on the opened file: a symlink or FIFO swapped in after a path was looked at, procfs files the kernel
 * refuses to other users, and POSIX ACLs all get the kernel's answer. Swaps are timed by the server's own
 * progress: the client holds the first lines of a big file until the swap is done, so the server is still
 * inside that file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileGateTest {

    static final int BIG_LINES = 20_000;

    E2eServers fixture;
    Server server;
    Path dir;
    Path logs;
    Path secret;
    Path big;
    KeyPair nobodyKey;
    Path nobodyKeyFile;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        dir = tmp.toRealPath();
        fixture = new E2eServers(dir);
        logs = Files.createDirectories(dir.resolve("logs"));
        for (Path p = logs; !p.equals(dir.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // the stand-in for the host key or /etc/shadow: root's, mode 0600
        secret = Files.writeString(dir.resolve("host_key"), "SECRET KEY MATERIAL 1\nSECRET KEY MATERIAL 2\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        // larger than what the SSH window and the buffers on the way hold: the server is still inside it
        // while the client holds its first lines
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < BIG_LINES; i++) {
            sb.append("big line ").append(i).append(" ").append("x".repeat(600)).append('\n');
        }
        big = Files.writeString(logs.resolve("big.log"), sb.toString());
        Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-r--r--"));
        nobodyKey = E2eServers.ed25519();
        nobodyKeyFile = E2eServers.writePrivateKey(dir.resolve("keys").resolve("nobody_ed25519"), nobodyKey);
        fixture.authorize("nobody", nobodyKey);
        // a broad rule: only the file system stands between nobody and root's files
        server = fixture.start("e2e-gate", "\"MaxConcurrentCats\": 2, \"Permissions\": {\"Default\": [\"readfiles:^/\"]}");
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    private Path ownLog(String name, String content) throws Exception {
        Path p = Files.writeString(logs.resolve(name), content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    private RecordingSink catAsNobody(String... files) throws Exception {
        RecordingSink sink = new RecordingSink();
        Map<ServerAddress, String> failed = fixture.run(fixture.settings("nobody", nobodyKeyFile), sink, List.of(server),
                E2eServers.cat(files));
        assertThat(failed).as("session failures").isEmpty();
        return sink;
    }

    private static String text(RecordingSink sink, Server s) {
        return new String(sink.plainBytes(s), StandardCharsets.UTF_8);
    }

    @Test
    void aFollowedFileRotatedIntoASymlinkToARootOnlyFileStreamsNothingOfIt() throws Exception {
        Path own = ownLog("followed.log", "");
        CountDownLatch attached = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        RecordingSink sink = new RecordingSink() {
            @Override
            void line(ServerAddress s, Messages.Line line) {
                super.line(s, line);
                attached.countDown();
            }
        };
        AtomicReference<Map<ServerAddress, String>> failed = new AtomicReference<>();
        Thread follow = Thread.ofPlatform().daemon().start(() -> {
            try {
                failed.set(fixture.run(fixture.settings("nobody", nobodyKeyFile), sink, List.of(server),
                        E2eServers.tail(own.toString()), stop::get));
            } catch (Exception e) {
                failed.set(Map.of(server.address(), e.toString()));
            }
        });
        try {
            // the server follows the file once a line written now reaches the client
            for (int i = 0; i < 500 && attached.getCount() > 0; i++) {
                Files.writeString(own, "own line " + i + "\n", java.nio.file.StandardOpenOption.APPEND);
                attached.await(100, TimeUnit.MILLISECONDS);
            }
            E2eServers.await(attached, E2eServers.WAIT, "the first followed line");
            Files.move(own, logs.resolve("followed.log.1"), StandardCopyOption.ATOMIC_MOVE);
            Files.createSymbolicLink(own, secret);
            E2eServers.await(() -> !sink.problems.isEmpty() || text(sink, server).contains("SECRET"), E2eServers.WAIT,
                    "the server to take up the file now at " + own);
        } finally {
            stop.set(true);
            follow.join(E2eServers.WAIT);
        }
        assertThat(text(sink, server)).doesNotContain("SECRET");
        assertThat(sink.problems).singleElement().asString().isEqualTo(own + ": not allowed");
        assertThat(failed.get()).as("session failures").isEmpty();
    }

    /** Records the other files' lines, and of big.log only how many lines came and the last. */
    static class BigFileSink extends RecordingSink {
        final String bigName;
        final java.util.concurrent.atomic.AtomicLong bigLines = new java.util.concurrent.atomic.AtomicLong();
        volatile String lastBigLine = "";

        BigFileSink(Path big) {
            this.bigName = big.toString();
        }

        @Override
        void line(ServerAddress s, Messages.Line line) {
            if (line.file().equals(bigName)) {
                bigLines.incrementAndGet();
                lastBigLine = new String(line.bytes(), StandardCharsets.UTF_8);
            } else {
                super.line(s, line);
            }
        }
    }

    /** The client holds big.log's first line until {@code swap} has run: the server is inside big.log meanwhile. */
    private BigFileSink catWhileSwapping(Path own, Runnable swap) throws Exception {
        CountDownLatch swapped = new CountDownLatch(1);
        BigFileSink sink = new BigFileSink(big) {
            @Override
            void line(ServerAddress s, Messages.Line line) {
                if (swapped.getCount() > 0) {
                    swap.run();
                    swapped.countDown();
                }
                super.line(s, line);
            }
        };
        Map<ServerAddress, String> failed = fixture.run(fixture.settings("nobody", nobodyKeyFile), sink, List.of(server),
                E2eServers.cat(big.toString(), own.toString()));
        assertThat(failed).as("session failures").isEmpty();
        assertThat(sink.bigLines.get()).as("lines of big.log").isEqualTo(BIG_LINES);
        return sink;
    }

    private static void replace(Path file, ThrowingAction by) {
        try {
            Files.delete(file);
            by.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    interface ThrowingAction {
        void run() throws Exception;
    }

    @Test
    void aFileSwappedForASymlinkWhileTheServerReadsAnEarlierFileIsNotServed() throws Exception {
        Path own = ownLog("swapped.log", "own content\n");
        RecordingSink sink = catWhileSwapping(own, () -> replace(own, () -> Files.createSymbolicLink(own, secret)));
        assertThat(text(sink, server)).doesNotContain("SECRET");
        assertThat(sink.problems).containsExactly(own + ": not allowed");
    }

    @Test
    void aFifoSwappedInIsAnErrorAndNeitherTheRequestNorTheServerHangs() throws Exception {
        Path ownA = ownLog("fifo-a.log", "a\n");
        Path ownB = ownLog("fifo-b.log", "b\n");
        try {
            // two at once fill MaxConcurrentCats (2); a server that blocks in open(2) never finishes them
            java.util.concurrent.FutureTask<BigFileSink> first = background(
                    () -> catWhileSwapping(ownA, () -> replace(ownA, () -> mkfifo(ownA))));
            java.util.concurrent.FutureTask<BigFileSink> second = background(
                    () -> catWhileSwapping(ownB, () -> replace(ownB, () -> mkfifo(ownB))));
            RecordingSink a = first.get(E2eServers.WAIT.toSeconds(), TimeUnit.SECONDS);
            RecordingSink b = second.get(E2eServers.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(a.problems).containsExactly(ownA + ": not a regular file");
            assertThat(b.problems).containsExactly(ownB + ": not a regular file");

            // a FIFO asked for by name, next to a file: the file is served
            Path plain = ownLog("plain.log", "plain line\n");
            RecordingSink named = catAsNobody(ownA.toString(), plain.toString());
            assertThat(text(named, server)).isEqualTo("plain line\n");
            assertThat(named.problems).containsExactly(ownA + ": not a regular file");
            assertThat(health()).startsWith("OK:");
        } finally {
            // on a server that blocked in open(2), a writer lets it go on (and this test end); on platform
            // threads, as such a server may hold every carrier thread of the virtual ones
            for (Path fifo : List.of(ownA, ownB)) {
                Thread.ofPlatform().daemon().start(() -> {
                    try (var w = Files.newOutputStream(fifo)) {
                        w.write('\n');
                    } catch (Exception e) {
                        // no reader: nothing blocked on it
                    }
                });
            }
        }
    }

    private static <T> java.util.concurrent.FutureTask<T> background(java.util.concurrent.Callable<T> work) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Thread.ofPlatform().daemon().start(task);
        return task;
    }

    private String health() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Commands.execute(new DtailhealthCommand(o), o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                "--user", E2eServers.USER, "--key", fixture.rootKeyFile.toString(), "--connectTimeout", "10",
                "--server", server.flag(), "--trustAllHosts");
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /**
     * A FIFO or a device is only looked at ({@code O_PATH}, then {@code fstat}), never opened for reading: an
     * open, even non-blocking, runs a device driver's open ({@code /dev/watchdog} starts its countdown) and
     * counts as a FIFO's reader. The kernel's open events show it: the marker opened after the request is the
     * first open in the directory.
     */
    @Test
    void aFifoIsLookedAtNotOpened() throws Throwable {
        Path watched = Files.createDirectories(logs.resolve("watched"));
        Path fifo = watched.resolve("pipe");
        mkfifo(fifo);
        Path marker = ownLog("watched/marker.log", "marker\n");
        try (OpenEvents opens = OpenEvents.of(watched)) {
            RecordingSink sink = catAsNobody(fifo.toString());
            assertThat(sink.problems).containsExactly(fifo + ": not a regular file");
            Files.readAllBytes(marker);
            List<String> opened = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> opens.openedUntil("marker.log"));
            assertThat(opened).containsExactly("marker.log");
        }
    }

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", "-m", "0666", p.toString()).redirectErrorStream(true).start();
        assertThat(mk.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mk.exitValue()).as(new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    /**
     * 0444, but the kernel lets only processes that may ptrace the owner read them: another root process's (a
     * root dserver's CAP_SYS_PTRACE must not count), and dserver's own (which the kernel lets dserver itself read).
     */
    @Test
    void procfsFilesTheKernelRefusesToTheUserAreRefused() throws Exception {
        Process rootProcess = new ProcessBuilder("cat").start();       // waits on its stdin until destroyed
        try {
            String own = "/proc/" + ProcessHandle.current().pid() + "/maps";
            String other = "/proc/" + rootProcess.pid() + "/maps";
            String ownThread = "/proc/thread-self/environ";
            RecordingSink sink = catAsNobody(own, other, ownThread);
            assertThat(sink.lines).isEmpty();
            assertThat(sink.problems).containsExactly(own + ": not allowed", other + ": not allowed",
                    ownThread + ": not allowed");
        } finally {
            rootProcess.destroy();
        }
    }

    @Test
    void posixAclsDecideAsTheKernelDoes() throws Exception {
        Path granted = ownLog("acl-granted.log", "granted by an ACL\n");
        Files.setPosixFilePermissions(granted, PosixFilePermissions.fromString("rw-------"));
        setfacl("u:nobody:r--", granted);
        Path refused = ownLog("acl-refused.log", "mode 0644, refused by an ACL\n");
        setfacl("u:nobody:---", refused);

        RecordingSink sink = catAsNobody(granted.toString(), refused.toString());
        assertThat(text(sink, server)).isEqualTo("granted by an ACL\n");
        assertThat(sink.problems).containsExactly(refused + ": not allowed");
    }

    private static void setfacl(String entry, Path file) throws Exception {
        Process p = new ProcessBuilder("setfacl", "-m", entry, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("setfacl (scripts/install-test-deps installs it): " + out).isZero();
    }

    @Test
    void theAnswerForAFileInADirectoryTheUserCannotSearchIsTheSameWhetherItExistsOrNot() throws Exception {
        Path closed = Files.createDirectories(logs.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path existing = ownLog("closed/there.log", "there\n");
        Path missing = closed.resolve("not-there.log");
        RecordingSink sink = catAsNobody(existing.toString(), missing.toString());
        assertThat(sink.lines).isEmpty();
        assertThat(sink.problems).containsExactly(existing + ": not allowed", missing + ": not allowed");
    }

    /** Follows {@code files} as nobody until the server reports {@code count} problems; those problems. */
    private List<String> followAsNobodyUntilProblems(int count, String... files) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        RecordingSink followed = new RecordingSink() {
            @Override
            public void problem(ServerAddress s, String message) {
                super.problem(s, message);
                if (problems.size() >= count) {
                    stop.set(true);
                }
            }
        };
        Map<ServerAddress, String> failed = fixture.run(fixture.settings("nobody", nobodyKeyFile), followed, List.of(server),
                E2eServers.tail(files), stop::get);
        assertThat(failed).as("session failures").isEmpty();
        return followed.problems;
    }

    @Test
    void aGlobIntoADirectoryTheUserCannotListGetsTheSameAnswerWhetherFilesAreThereOrNot() throws Exception {
        Path full = Files.createDirectories(logs.resolve("root-only-full"));
        Path empty = Files.createDirectories(logs.resolve("root-only-empty"));
        for (Path d : List.of(full, empty)) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
        ownLog("root-only-full/a.log", "a\n");
        ownLog("root-only-full/b.log", "b\n");

        List<String> onFull = followAsNobodyUntilProblems(1, full + "/**");
        List<String> onEmpty = followAsNobodyUntilProblems(1, empty + "/**");
        assertThat(onFull).containsExactly(full + "/**: the pattern matches no file (still watching for it)");
        assertThat(onEmpty).containsExactly(empty + "/**: the pattern matches no file (still watching for it)");
        RecordingSink catFull = catAsNobody(full + "/**");
        RecordingSink catEmpty = catAsNobody(empty + "/**");
        assertThat(catFull.lines).isEmpty();
        assertThat(catFull.problems).containsExactly(full + "/**: the pattern matches no file you may read");
        assertThat(catEmpty.problems).containsExactly(empty + "/**: the pattern matches no file you may read");
    }

    @Test
    void aDirectoryTheUserMaySearchButNotListHasItsFilesReadOnlyByName() throws Exception {
        Path searchOnly = Files.createDirectories(logs.resolve("search-only"));
        Files.setPosixFilePermissions(searchOnly, PosixFilePermissions.fromString("rwx--x--x"));
        Path guessed = ownLog("search-only/guessed.log", "only by its name\n");

        RecordingSink byGlob = catAsNobody(searchOnly + "/*.log");
        assertThat(text(byGlob, server)).isEmpty();
        assertThat(byGlob.problems).containsExactly(searchOnly + "/*.log: the pattern matches no file you may read");
        assertThat(followAsNobodyUntilProblems(1, searchOnly + "/*.log"))
                .containsExactly(searchOnly + "/*.log: the pattern matches no file (still watching for it)");
        assertThat(text(catAsNobody(guessed.toString()), server)).isEqualTo("only by its name\n");
    }

    @Test
    void aRelativeGlobIsRefusedOnTheServer() throws Exception {
        RecordingSink sink = catAsNobody("*.xml");
        assertThat(sink.lines).isEmpty();
        assertThat(sink.problems).containsExactly("*.xml: a pattern must be an absolute path on a server (its working "
                + "directory is not yours)");
        assertThat(followAsNobodyUntilProblems(1, "*.xml")).containsExactly("*.xml: a pattern must be an absolute path "
                + "on a server (its working directory is not yours)");
    }

    /**
     * The kernel lets dserver follow its own {@code /proc/PID/fd/N} links whoever it is towards the file system,
     * past directories the user may not search: a file dserver holds open for someone else (here: this test
     * process, which is dserver's) is not read through them.
     */
    @Test
    void aFileDserverHoldsOpenIsNotReadThroughItsProcLinks() throws Exception {
        Path closed = Files.createDirectories(logs.resolve("closed-held"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path held = ownLog("closed-held/held.log", "HELD BY DSERVER\n");
        try (java.nio.channels.FileChannel open = java.nio.channels.FileChannel.open(held)) {
            String fd = descriptorOf(held);
            long pid = ProcessHandle.current().pid();
            String byPid = "/proc/" + pid + "/fd/" + fd;
            String bySelf = "/proc/self/fd/" + fd;
            String byTask = "/proc/thread-self/fd/" + fd;
            RecordingSink sink = catAsNobody(byPid, bySelf, byTask);
            assertThat(text(sink, server)).doesNotContain("HELD");
            assertThat(sink.problems).containsExactly(byPid + ": not allowed", bySelf + ": not allowed",
                    byTask + ": not allowed");
            assertThat(open.isOpen()).isTrue();
        }
    }

    /** The number of a descriptor this process has open on {@code file}. */
    private static String descriptorOf(Path file) throws Exception {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        return fd.getFileName().toString();
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since: not the file
                }
            }
        }
        throw new AssertionError("no descriptor of this process is open on " + file);
    }

    @Test
    void anInvalidGlobOrANulInANameIsAnErrorForThatArgumentAndTheRestIsServed() throws Exception {
        Path plain = ownLog("served.log", "served line\n");
        String badGlob = logs + "/[a";
        String nul = logs + "/a\u0000b.log";
        RecordingSink sink = catAsNobody(badGlob, plain.toString(), nul);
        assertThat(text(sink, server)).isEqualTo("served line\n");
        assertThat(sink.problems).hasSize(2);
        assertThat(sink.problems.get(0)).startsWith(badGlob + ": ");
        assertThat(sink.problems.get(1)).startsWith(nul + ": ");

        assertThat(followAsNobodyUntilProblems(2, badGlob, nul)).hasSize(2);
    }

    /** A glob over many files the user may not read does not write a log line for each (the detail is at DEBUG). */
    @Test
    void refusalsOfAGlobsMatchesDoNotFloodTheLog() throws Exception {
        Path many = Files.createDirectories(logs.resolve("many-root-only"));
        for (int i = 0; i < 30; i++) {
            Path p = ownLog("many-root-only/r" + i + ".log", "root only\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
        try (LogCapture log = new LogCapture("io.jdtail")) {
            RecordingSink sink = catAsNobody(many + "/*.log");
            assertThat(sink.lines).isEmpty();
            assertThat(sink.problems).containsExactly(many + "/*.log: the pattern matches no file you may read");
            assertThat(log.lines()).noneMatch(l -> l.contains("may not read"));
        }
    }

    @Test
    void clientInputIsEscapedInTheLog() throws Exception {
        String forged = logs + "/x.log\nINFO forged: root logged in";
        try (LogCapture log = new LogCapture("io.jdtail")) {
            catAsNobody(forged);
            assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.contains("\n") || l.contains("\r"));
            assertThat(log.lines()).anyMatch(l -> l.contains("x.log\\nINFO forged"));
        }
    }
}
