package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.DtailCommand;
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

    @Test
    void aFollowingClientIsToldTheServerIsShuttingDownAndItsFollowEnds() throws Exception {
        Path followed = Files.writeString(dir.resolve("follow.log"), "");
        DtailConfig config = fixture.config("e2e-stopping", "");
        PlanSessionHandler sessions = new PlanSessionHandler(config, new HostContext("e2e-stopping", ZoneId.of("UTC")));
        E2eServers.Server server = new E2eServers.Server("e2e-stopping", config, sessions);
        server.start(0);
        fixture.servers.add(server);

        Background dtail = new Background(new DtailCommand(),
                fixture.remoteArgs(List.of(server), "--plain", "--shutdownAfter", "6", followed.toString()));
        FaultTest.appendUntilSeen(followed, "before-shutdown", dtail);

        sessions.shutdown(Duration.ofSeconds(2));
        server.stop();

        E2eServers.await(() -> dtail.err.text().contains("dserver is shutting down; this session ends now"), E2eServers.WAIT,
                "the client to show why its session ended");
        Outcome o = dtail.await(Duration.ofSeconds(30));
        assertThat(o.stderr()).contains(server.flag() + ": dserver is shutting down; this session ends now");
        assertThat(o.out().lines()).allMatch(l -> l.startsWith("before-shutdown "));
    }
}
