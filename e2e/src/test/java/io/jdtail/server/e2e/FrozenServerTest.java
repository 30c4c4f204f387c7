package io.jdtail.server.e2e;

import io.jdtail.clients.cli.ClientCommand;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.server.e2e.E2eServers.Background;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.ssh.SessionHandler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server frozen with a real {@code kill -STOP} in the middle of a session (its JVM stops whole: it reads,
 * writes and answers nothing, yet its TCP connections stay open). The client notices the silence through
 * keep-alives that must be answered ({@code --keepAliveTimeout}, 2 s here instead of 30), names the server,
 * prints the other servers' complete result and exits 1, instead of waiting for ever.
 */
class FrozenServerTest extends E2eServersTest {

    static final String KEEP_ALIVE_SECONDS = "2";

    /**
     * Runs {@code command} on {@code healthy} and a child dserver, freezes the child with SIGSTOP once it is
     * inside the session, and returns what the command printed when it ended.
     */
    private Outcome runAndFreezeOne(ClientCommand command, Server healthy, String... rest) throws Exception {
        try (ChildDserver frozen = ChildDserver.start(fixture, "e2e-frozen")) {
            String[] args = fixture.remoteArgs(List.of(healthy), rest);
            args[1] = healthy.flag() + "," + frozen.flag();
            Background run = new Background(command, args);
            frozen.awaitLine("SESSION ");
            frozen.signal("STOP");
            Outcome outcome = run.await(E2eServers.WAIT);
            assertThat(outcome.status()).as(outcome.toString()).isEqualTo(1);
            assertThat(outcome.stderr()).contains("ERROR|" + frozen.flag() + ": the server answered no keep-alive within "
                    + KEEP_ALIVE_SECONDS + " s");
            assertThat(outcome.stderr()).doesNotContain(healthy.flag() + ": ");
            return outcome;
        }
    }

    @Test
    void serverFrozenDuringDmapIsReportedAndTheHealthyResultIsPrinted() throws Exception {
        Path log = E2eServers.genlog(dir.resolve("app.log"), 2, 11, "web1");
        Outcome remote = runAndFreezeOne(new DmapCommand(), fixture.start("e2e-healthy"), "--keepAliveTimeout",
                KEEP_ALIVE_SECONDS, "--plain", "--query", FaultTest.QUERY, log.toString());

        Outcome local = E2eServers.execute(new DmapCommand(), "--plain", "--query", FaultTest.QUERY, log.toString());
        assertThat(local.status()).as(local.toString()).isZero();
        assertThat(remote.out()).as("the healthy server's result").isEqualTo(local.out());
    }

    @Test
    void serverFrozenDuringDcatIsReportedAndTheHealthyOutputIsComplete() throws Exception {
        Path log = E2eServers.genlog(dir.resolve("app.log"), 2, 12, "web1");
        Outcome remote = runAndFreezeOne(new DcatCommand(), fixture.start("e2e-healthy"), "--keepAliveTimeout",
                KEEP_ALIVE_SECONDS, "--plain", log.toString());
        assertThat(remote.stdout()).as("the healthy server's lines, byte for byte").isEqualTo(Files.readAllBytes(log));
    }

    /** A server that is alive but slower than {@code --timeout}: the message names that flag, not a connect timeout. */
    @Test
    void sessionLongerThanTheTimeoutIsEndedWithAMessageNamingTheTimeout() throws Exception {
        Path log = Files.writeString(dir.resolve("small.log"), "one line\n");
        CountDownLatch release = new CountDownLatch(1);
        Server slow = fixture.start("e2e-slow", "", h -> (SessionHandler) ch -> {
            release.await(E2eServers.WAIT.toSeconds(), TimeUnit.SECONDS);
            h.handle(ch);
        });
        try {
            Outcome o = E2eServers.execute(new DcatCommand(), fixture.remoteArgs(List.of(slow), "--timeout", "1",
                    "--plain", log.toString()));
            assertThat(o.status()).as(o.toString()).isEqualTo(1);
            assertThat(o.stderr()).contains("ERROR|" + slow.flag()
                    + ": the session ran longer than the --timeout of 1 s and was ended").doesNotContain("no answer within");
        } finally {
            release.countDown();
        }
    }
}
