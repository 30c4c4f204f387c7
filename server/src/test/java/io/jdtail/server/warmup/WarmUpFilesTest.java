package io.jdtail.server.warmup;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the warm-up writes, reads and deletes: its own log in its own directory
 * {@code <CacheDir>/warm-up.<pid>-<start>.<random>} and nothing else, whatever was planted in {@code CacheDir} before
 * dserver started (a link to another directory, a directory of another account), beside another dserver warming up
 * on the same {@code CacheDir}, and when dserver stops during it. Each test has a dserver of its own (the warm-up's
 * login accepts one connection for good).
 */
class WarmUpFilesTest {

    private static final long LOG_BYTES = 64 << 10;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<Dserver> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(Dserver::close);
    }

    private Dserver freshServer(Path cacheDir, DserverOptions options) throws IOException {
        DtailConfig d = DtailConfig.defaults();
        DtailConfig config = d.withCommon(d.common().withCacheDir(cacheDir.toString()))
                .withServer(d.server().withHostKeyFile(cacheDir.resolve("ssh_host_key").toString()));
        Dserver server = Dserver.start(config, options.withBindAddress("127.0.0.1").withPort(0),
                new PlanSessionHandler(config, HostContext.local()));
        servers.add(server);
        return server;
    }

    private Dserver freshServer(Path cacheDir) throws IOException {
        return freshServer(cacheDir, DserverOptions.defaults());
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static String modeOf(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    /** What is named as the warm-up's in {@code cacheDir}. */
    private static List<Path> warmUpFiles(Path cacheDir) throws IOException {
        return filesIn(cacheDir).stream().filter(f -> f.getFileName().toString().startsWith("warm-up")).toList();
    }

    /**
     * A link planted in {@code CacheDir} where an older build kept the warm-up's log: nothing where it leads is
     * written to or deleted (the warm-up makes a directory of its own with one mkdir, which uses nothing already
     * there).
     */
    @Test
    void aLinkPlantedInTheCacheDirIsNotFollowed() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path planted = Files.writeString(elsewhere.resolve("warm-up.log"), "not the warm-up's\n");
        Files.createSymbolicLink(cacheDir.resolve("warm-up"), elsewhere);

        List<WarmUp.Answer> answers = new WarmUp(freshServer(cacheDir), cacheDir, LOG_BYTES).run();

        assertThat(planted).as("a file where the link leads").hasContent("not the warm-up's");
        assertThat(filesIn(elsewhere)).as("what the link leads to").containsExactly(planted);
        assertThat(answers).hasSize(6);
    }

    /**
     * A directory another account made in {@code CacheDir} (where an older build kept the warm-up's log), open to all:
     * the warm-up's log is not written there but in a directory of dserver's own, mode 0700, the file 0600.
     */
    @Test
    void aDirectoryOfAnotherAccountIsNotUsed() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Path planted = Files.createDirectories(cacheDir.resolve("warm-up"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        UserPrincipal nobody = planted.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(planted, nobody);
        List<String> logs = new ArrayList<>();

        List<WarmUp.Answer> answers = new WarmUp(freshServer(cacheDir), cacheDir, LOG_BYTES).run(answer -> {
            Path log = Path.of(answer.request().files().getFirst());
            try {
                Path directory = log.getParent();
                logs.add(directory.getParent() + " " + modeOf(directory) + " "
                        + Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS) + " " + modeOf(log));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThat(answers).hasSize(6);
        assertThat(logs).as("the log's directory: where it is, its mode and owner; the log's mode").first()
                .isEqualTo(cacheDir.toRealPath() + " rwx------ " + System.getProperty("user.name") + " rw-------");
        assertThat(filesIn(planted)).isEmpty();
    }


    /** Two dservers on one CacheDir warm up at the same time: neither deletes nor replaces the other's log. */
    @Test
    void twoDserversOnOneCacheDirEachReadTheirOwnLog() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        WarmUp first = new WarmUp(freshServer(cacheDir), cacheDir, LOG_BYTES);
        WarmUp second = new WarmUp(freshServer(cacheDir), cacheDir, LOG_BYTES);
        List<WarmUp.Answer> secondAnswers = new ArrayList<>();
        List<WarmUp.Answer> firstAnswers = first.run(answer -> {
            if (secondAnswers.isEmpty()) {
                try {
                    secondAnswers.addAll(second.run());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        });

        assertThat(secondAnswers).hasSize(6).allSatisfy(a -> assertThat(a.problems()).isEmpty());
        assertThat(firstAnswers).hasSize(6)
                .allSatisfy(a -> assertThat(a.problems()).as(a.request().mode() + " problems").isEmpty());
        assertThat(warmUpFiles(cacheDir)).as("their logs, deleted").isEmpty();
    }

    /**
     * A dserver killed during its warm-up leaves its log: the next start deletes it (a dserver restarted in a loop
     * would otherwise fill the disk), also when the new dserver has the old one's process id (in a container dserver is
     * process 1 at every start), and leaves the log of a dserver still running and anything else (a link named so is
     * not followed).
     */
    @Test
    void theLogOfAKilledDserverIsDeletedAtTheNextStart() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().orElseThrow().toEpochMilli();
        Path left = Files.createDirectories(cacheDir.resolve("warm-up." + ended.pid() + "-" + started + ".123"));
        Files.writeString(left.resolve("warm-up.log"), "left behind\n");
        Path leftBySamePid = Files.createDirectories(cacheDir.resolve("warm-up." + self.pid() + "-" + (started - 60_000)
                + ".321"));
        Files.writeString(leftBySamePid.resolve("warm-up.log"), "left behind by the last process with this id\n");
        Path running = Files.createDirectories(cacheDir.resolve("warm-up." + self.pid() + "-" + started + ".456"));
        Path runningLog = Files.writeString(running.resolve("warm-up.log"), "in use\n");
        Path other = Files.writeString(cacheDir.resolve("warm-up.notes"), "an operator's\n");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path notLeft = Files.writeString(elsewhere.resolve("warm-up.log"), "not the warm-up's\n");
        Files.createSymbolicLink(cacheDir.resolve("warm-up." + ended.pid() + "-" + started + ".789"), elsewhere);

        assertThat(new WarmUp(freshServer(cacheDir), cacheDir, LOG_BYTES).run()).hasSize(6);

        assertThat(left).doesNotExist();
        assertThat(leftBySamePid).doesNotExist();
        assertThat(runningLog).hasContent("in use");
        assertThat(other).hasContent("an operator's");
        assertThat(notLeft).as("a file where a link named as a left directory leads").hasContent("not the warm-up's");
    }

    /** A warm-up whose requests dserver refuses (here: dserver's own account unknown) has failed, and says so. */
    @Test
    void refusedRequestsAreAFailureNotAWarmUp() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Dserver server = freshServer(cacheDir, DserverOptions.defaults().withUsers(name -> Optional.empty()));

        Throwable thrown = catchThrowable(() -> new WarmUp(server, cacheDir, LOG_BYTES).run());

        assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("CAT")
                .hasMessageContaining("not allowed");
        assertThat(warmUpFiles(cacheDir)).as("its log, deleted").isEmpty();
    }

    /**
     * dserver stopped during its warm-up (its stop closes the warm-up): the warm-up ends with the answers so far and
     * deletes its log; no failure (which the log would report as "warm-up failed").
     */
    @Test
    void aStopDuringTheWarmUpIsNoFailure() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        WarmUp warmUp = new WarmUp(freshServer(cacheDir), cacheDir, LOG_BYTES);

        List<WarmUp.Answer> answers = warmUp.run(answer -> warmUp.close());

        assertThat(answers).as("the answers before the stop").hasSize(1);
        assertThat(warmUpFiles(cacheDir)).as("its log, deleted").isEmpty();
    }
}
