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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
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
        E2eServers.Server server = new E2eServers.Server("e2e-restarting", config, sessions);
        server.start(0);
        fixture.servers.add(server);

        Interruption interruption = Interruption.onRequest();
        DtailCommand command = new DtailCommand();
        command.interruptedBy(interruption);
        Background dtail = new Background(command, fixture.remoteArgs(List.of(server), "--plain", followed.toString()));
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
        assertThat(o.stderr()).contains(server.flag() + ": " + RESTARTING);
        assertThat(o.out().lines()).allMatch(l -> l.startsWith("before-restart ") || l.startsWith("after-restart "));
        assertThat(o.status()).as(o.stderr()).isEqualTo(Commands.INTERRUPTED);
    }

    /** What a follow is told when dserver stops (it cannot tell a restart from a stop). */
    private static final String RESTARTING = "dserver is restarting (or stopping); dtail reconnects until it is back";
}
