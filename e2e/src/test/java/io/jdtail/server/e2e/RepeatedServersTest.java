package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.ServerFailure;
import io.jdtail.server.e2e.E2eServers.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A server named more than once is asked once per naming, and each of those sessions has an outcome of its own: one
 * session's success does not erase another's failure to the same address, nor does a refused session take a connected
 * one off the count (keyed by address, the relay bench's 8,000 sessions to 4 leaves lost 3,150 lines with "0 failed"
 * reported).
 */
class RepeatedServersTest extends E2eServersTest {

    @Test
    void eachRefusedSessionToARepeatedServerIsAFailureOfItsOwn() throws Exception {
        Path log = Files.writeString(dir.resolve("follow.log"), "one\n");
        Server server = fixture.start("e2e-repeated", "\"MaxConnections\": 1");
        // three sessions to one server that takes one connection: one follows, two are refused (and retry) until stopped
        CountDownLatch refusals = new CountDownLatch(4);
        AtomicBoolean stop = new AtomicBoolean();
        try (RemoteRun run = new RemoteRun(fixture.settings(), new E2eServers.RecordingSink(), HostPrompt.REFUSE)) {
            run.onFailure((s, reason) -> refusals.countDown());
            AtomicReference<List<ServerFailure>> failures = new AtomicReference<>();
            Thread running = Thread.ofVirtual().start(() -> {
                try {
                    failures.set(run.run(List.of(server.address(), server.address(), server.address()),
                            E2eServers.tail(log.toString()), stop::get));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            E2eServers.await(refusals, E2eServers.WAIT, "the refused sessions to retry");
            E2eServers.await(() -> run.connectedCount() == 1, E2eServers.WAIT, "the one session that got in");
            stop.set(true);
            assertThat(running.join(E2eServers.WAIT)).as("the run ended when told").isTrue();
            // the reason is the refusal's, or "Closed" when the disconnect overtakes it: the count is the point
            assertThat(failures.get()).as("the two refused sessions' failures").extracting(ServerFailure::server)
                    .containsExactly(server.address(), server.address());
        }
    }

    @Test
    void aSessionThatGotInIsCountedConnectedWhileAnotherToTheSameServerIsRefused() throws Exception {
        Path log = Files.writeString(dir.resolve("follow.log"), "one\n");
        Server server = fixture.start("e2e-repeated-erase", "\"MaxConnections\": 1");
        AtomicBoolean holderStop = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        try (RemoteRun holder = new RemoteRun(fixture.settings(), new E2eServers.RecordingSink(), HostPrompt.REFUSE);
             RemoteRun run = new RemoteRun(fixture.settings(), new E2eServers.RecordingSink(), HostPrompt.REFUSE)) {
            // another client holds the one connection while both sessions of this run are refused
            Thread holding = Thread.ofVirtual().start(() -> {
                try {
                    holder.run(List.of(server.address()), E2eServers.tail(log.toString()), holderStop::get);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            E2eServers.await(() -> holder.connectedCount() == 1, E2eServers.WAIT, "the other client's follow");
            CountDownLatch bothRefused = new CountDownLatch(2);
            run.onFailure((s, reason) -> bothRefused.countDown());
            AtomicReference<List<ServerFailure>> failures = new AtomicReference<>();
            Thread running = Thread.ofVirtual().start(() -> {
                try {
                    failures.set(run.run(List.of(server.address(), server.address()), E2eServers.tail(log.toString()), stop::get));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            E2eServers.await(bothRefused, E2eServers.WAIT, "both sessions refused");
            holderStop.set(true);
            assertThat(holding.join(E2eServers.WAIT)).as("the other client's follow ended").isTrue();
            // whichever session of this run retries first gets in and stays connected while the other is refused: the
            // connected count is of sessions (a refused session to the same address took the address off the count)
            E2eServers.await(() -> run.connectedCount() == 1, E2eServers.WAIT, "one session of this run to get in");
            stop.set(true);
            assertThat(running.join(E2eServers.WAIT)).as("the run ended when told").isTrue();
            assertThat(failures.get()).as("the session that never got in").extracting(ServerFailure::server)
                    .containsExactly(server.address());
        }
    }
}
