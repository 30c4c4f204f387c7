package io.jdtail.server.e2e;

import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.ssh.SessionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** A server that goes away in the middle of a run: the others' results still count; a follow reconnects. */
class FaultTest extends E2eServersTest {

    static final String QUERY = "from REQUEST select status,count($line),avg(latency),max(latency) group by status"
            + " order by count($line)";

    /** Holds the 50 MB log both dmap tests read, generated once (genlog.py takes seconds of CPU for it). */
    @TempDir
    static Path shared;

    private static synchronized Path bigLog() throws IOException, InterruptedException {
        Path big = shared.resolve("big.log");
        if (!Files.exists(big)) { // whole or not at all: a failed generation leaves no file for the next test
            Files.move(E2eServers.genlog(shared.resolve("big.log.part"), 50, 7, "web7"), big);
        }
        return big;
    }

    @Test
    void serverStoppedDuringDmapIsReportedAndTheOthersAreMerged() throws Exception {
        Path big = bigLog();
        Path sameAgain = Files.createLink(dir.resolve("big-again.log"), big);

        CountDownLatch victimStarted = new CountDownLatch(1);
        Server a = fixture.start("e2e-a");
        Server b = fixture.start("e2e-b");
        Server victim = fixture.start("e2e-victim", "", h -> (SessionHandler) ch -> {
            victimStarted.countDown();
            h.handle(ch);
        });

        Background dmap = new Background(new DmapCommand(),
                fixture.remoteArgs(List.of(a, b, victim), "--plain", "--query", QUERY, big.toString()));
        E2eServers.await(victimStarted, E2eServers.WAIT, "the victim's session to start");
        victim.stop();
        Outcome remote = dmap.await(Duration.ofSeconds(120));

        Outcome local = E2eServers.execute(new DmapCommand(), "--plain", "--query", QUERY, big.toString(),
                sameAgain.toString());
        assertThat(local.status()).as(local.toString()).isZero();

        assertThat(remote.status()).as(remote.toString()).isEqualTo(1);
        assertThat(remote.stderr()).contains("ERROR|" + victim.flag() + ": ");
        assertThat(remote.stderr()).doesNotContain(a.flag() + ": ").doesNotContain(b.flag() + ": ");
        assertThat(remote.out()).as("merged result of the two servers that finished").isEqualTo(local.out());
    }

    @Test
    void followReconnectsToARestartedServerAndKeepsReceivingLines() throws Exception {
        Path followed = Files.writeString(dir.resolve("follow.log"), "a line from before the client started\n");
        Server server = fixture.start("e2e-follow");

        // ended once the last line is in (--shutdownAfter only bounds a failing run)
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Background dtail = new Background(new DtailCommand().stopWhen(stop::get),
                fixture.remoteArgs(List.of(server), "--plain", "--shutdownAfter", "60", followed.toString()));
        appendUntilSeen(followed, "before-restart", dtail);

        server.stop();
        // the server comes back only once the client has noticed that it went (it warns, naming the server)
        E2eServers.await(() -> dtail.err.text().contains(server.flag() + ": "), E2eServers.WAIT,
                "the client's warning that it lost the server");
        server.restart();
        appendUntilSeen(followed, "after-restart", dtail);
        append(followed, "the last line\n");
        E2eServers.await(() -> dtail.out.text().contains("the last line\n"), E2eServers.WAIT, "the last line");
        stop.set(true);

        Outcome o = dtail.await(Duration.ofSeconds(30));
        assertThat(o.out()).doesNotContain("a line from before the client started");
        assertThat(o.out().lines()).allMatch(l -> l.startsWith("before-restart ") || l.startsWith("after-restart ")
                || l.equals("the last line"), "only appended lines, --plain");
        assertThat(o.stderr()).contains(server.flag());
        assertThat(o.status()).as("the server came back: " + o).isZero();
    }

    /**
     * A client that leaves in the middle of a dmap (Ctrl-C) must end the server's work quietly: the handler
     * returns, the reader threads stop, and nothing escapes as an uncaught exception.
     */
    @Test
    void clientLeavingDuringDmapEndsTheServersWorkQuietly() throws Exception {
        Path big = bigLog();
        java.util.List<String> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger handlersRunning = new java.util.concurrent.atomic.AtomicInteger();
        Server server = fixture.start("e2e-leave", "", h -> (SessionHandler) ch -> {
            handlersRunning.incrementAndGet();
            try {
                h.handle(ch);
            } finally {
                handlersRunning.decrementAndGet();
            }
        });
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
        try {
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread client = Thread.ofVirtual().start(() -> {
                try {
                    fixture.run(fixture.settings(), new E2eServers.RecordingSink(), List.of(server),
                            io.jdtail.engine.plan.PlanRequest.map(List.of(big.toString()), QUERY), stop::get);
                } catch (Exception e) {
                    uncaught.add("client: " + e);
                }
            });
            E2eServers.await(() -> readerThreads() > 0, E2eServers.WAIT, "the server to read the file");
            stop.set(true);
            assertThat(client.join(E2eServers.WAIT)).as("the client ended").isTrue();
            E2eServers.await(() -> handlersRunning.get() == 0 && readerThreads() == 0, E2eServers.WAIT,
                    "the server's work to end");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
        assertThat(uncaught).as("uncaught exceptions").isEmpty();
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jdtail-reader-")).count();
    }

    /** Appends numbered lines with {@code marker} every 100 ms until the client printed one. */
    static void appendUntilSeen(Path file, String marker, Background client) throws Exception {
        long end = System.nanoTime() + E2eServers.WAIT.toNanos();
        for (int i = 0; !client.out.text().contains(marker + " "); i++) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + marker + "' line arrived within " + E2eServers.WAIT
                        + "\n--- stderr:\n" + E2eServers.lastChars(client.err.text()));
            }
            append(file, marker + " " + i + "\n");
            Thread.sleep(100);
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
