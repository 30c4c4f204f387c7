package io.jdtail.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.wire.Messages;
import io.jdtail.remote.agent.OpenSshAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server name that does not resolve is said so, not in MINA's words (names under .invalid never resolve, RFC 2606). */
class UnresolvedHostTest {

    @TempDir
    Path dir;

    @Test
    void aNameThatDoesNotResolveIsReportedAsSuch() throws Exception {
        RemoteSettings settings = new RemoteSettings("nobody", List.of(OpenSshAgent.keygen(dir, "ed25519", "unresolved").file()), dir.resolve("known_hosts"), false, 1,
                Duration.ofSeconds(5), Duration.ZERO);
        try (RemoteRun run = new RemoteRun(settings, RemoteSink.partialsOnly((s, p) -> { }, (s, m) -> { }), HostPrompt.REFUSE)) {
            Messages.Health health = run.health(new ServerAddress("no-such-host.invalid", 2222));

            assertEquals(new Messages.Health(Messages.Health.CRITICAL,
                    "the host name no-such-host.invalid does not resolve (check the name, or the DNS or /etc/hosts)"), health);
        }
    }
}
