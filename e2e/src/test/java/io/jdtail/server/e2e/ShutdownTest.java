package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.cli.Interruption;
import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.SessionHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

/** dserver stopping (SIGTERM runs the same shutdown): clients are told why their sessions end. */
class ShutdownTest extends E2eServersTest {

    /**
     * An upgrade or restart: the follow is told that dserver is restarting, and once a new dserver listens on the same
     * port (the same configuration, so the same host key), the client is back and the lines go on.
     */
    @Test
    void aFollowIsToldThatDserverIsRestartingAndGoesOnWithTheNewDserver() throws Exception {
        Path followed = Files.writeString(dir.resolve("restart.log"), "");
        DtailConfig config = fixture.config("e2e-restarting", "");
        PlanSessionHandler sessions = new PlanSessionHandler(config, new HostContext("e2e-restarting", ZoneId.of("UTC")));
        E2eServers.Server server = start("e2e-restarting", config, sessions);
        Interruption interruption = Interruption.onRequest();
        Background dtail = follow(server, followed, interruption);
        FaultTest.appendUntilSeen(followed, "before-restart", dtail);

        // what DserverCommand does on SIGTERM (systemctl restart, a package's upgrade), then the new process
        sessions.shutdown(Duration.ofSeconds(2));
        server.dserver.stop();
        E2eServers.Server restarted = new E2eServers.Server("e2e-restarting", config,
                new PlanSessionHandler(config, new HostContext("e2e-restarting", ZoneId.of("UTC"))));
        restarted.start(server.port);
        fixture.servers.add(restarted);
        try {
            E2eServers.await(() -> dtail.err.text().contains(RESTARTING), E2eServers.WAIT, "the client to show why its follow ended");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; dtail's stderr:\n" + dtail.err.text(), e);
        }
        FaultTest.appendUntilSeen(followed, "after-restart", dtail);
        interruption.request(Duration.ZERO);

        Outcome o = dtail.await(E2eServers.WAIT);
        assertToldBeforeTheSessionEnded(o.stderr(), server);
        assertThat(o.out().lines()).allMatch(l -> l.startsWith("before-restart ") || l.startsWith("after-restart "));
        assertThat(o.status()).as(o.stderr()).isEqualTo(Commands.INTERRUPTED);
    }

    /**
     * The notice reaches the follow however late the thread that sends it runs. A shutdown ends the follow within its
     * poll (20 ms), and the follow then ends its session with DONE, at which the client stops reading and reconnects:
     * a notice written after that was lost (now and then on a loaded machine, where the notice's thread ran late).
     * Here the notice threads run only once the follow's session handler has returned: the request must have told its
     * client itself, before its DONE.
     */
    @Test
    void aFollowIsToldThatDserverIsRestartingBeforeItsSessionEndsHoweverLateTheNoticeThreadRuns() throws Exception {
        Path followed = Files.writeString(dir.resolve("late-notice.log"), "");
        DtailConfig config = fixture.config("e2e-late-notice", "");
        CountDownLatch handlerReturned = new CountDownLatch(1);
        ThreadFactory lateNotices = notice -> Thread.ofVirtual().unstarted(() -> {
            try {
                E2eServers.await(handlerReturned, E2eServers.WAIT, "the follow's session handler to return");
                notice.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        PlanSessionHandler sessions = new PlanSessionHandler(config, new HostContext("e2e-late-notice", ZoneId.of("UTC")),
                lateNotices);
        E2eServers.Server server = start("e2e-late-notice", config, channel -> {
            try {
                sessions.handle(channel);
            } finally {
                handlerReturned.countDown();
            }
        });
        Interruption interruption = Interruption.onRequest();
        Background dtail = follow(server, followed, interruption);
        FaultTest.appendUntilSeen(followed, "before-shutdown", dtail);

        sessions.shutdown(Duration.ofSeconds(2));
        E2eServers.await(() -> dtail.err.text().contains(server.flag() + ": " + SESSION_ENDED), E2eServers.WAIT,
                "the client to see its session end");
        interruption.request(Duration.ZERO);
        assertToldBeforeTheSessionEnded(dtail.await(E2eServers.WAIT).stderr(), server);
    }

    /**
     * The first thing dtail said about {@code server} is the notice: it came before the end of the first session,
     * however dtail worded that end, as a notice sent after the end is never read (a later session may be told again,
     * by a dserver still stopping, which proves nothing).
     */
    private static void assertToldBeforeTheSessionEnded(String stderr, E2eServers.Server server) {
        String about = server.flag() + ": ";
        assertThat(stderr.indexOf(about)).as("dtail's first message about %s is the notice:%n%s", server.flag(), stderr)
                .isNotNegative().isEqualTo(stderr.indexOf(about + RESTARTING));
    }

    /** A dserver serving with {@code sessions} on a free port; the fixture stops it. */
    private E2eServers.Server start(String hostname, DtailConfig config, SessionHandler sessions) throws IOException {
        E2eServers.Server server = new E2eServers.Server(hostname, config, sessions);
        server.start(0);
        fixture.servers.add(server);
        return server;
    }

    /** {@code dtail --plain file} on {@code server}, in the background until {@code interruption} is requested. */
    private Background follow(E2eServers.Server server, Path file, Interruption interruption) {
        DtailCommand command = new DtailCommand();
        command.interruptedBy(interruption);
        return new Background(command, fixture.remoteArgs(List.of(server), "--plain", file.toString()));
    }

    /** What dtail says when a server ends a follow's session (it reconnects). */
    private static final String SESSION_ENDED = "the server ended the session; reconnecting";
    /** What a follow is told when dserver stops (it cannot tell a restart from a stop). */
    private static final String RESTARTING = "dserver is restarting (or stopping); dtail reconnects until it is back";
}
