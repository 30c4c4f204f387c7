package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.remote.RemoteSettings;
import io.jdtail.remote.ServerAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which keys the options ask for: --key alone, or the ssh-agent of SSH_AUTH_SOCK and ~/.ssh/id_*. */
class RemoteOptionsTest {

    static RemoteOptions parse(String... args) {
        RemoteOptions options = new RemoteOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void keyMeansThatFileOnlyAndNoAgent() {
        RemoteSettings settings = parse("-key", "/keys/deploy").settings("/run/agent.sock");
        assertThat(settings.keys()).containsExactly(Path.of("/keys/deploy"));
        assertThat(settings.agentSocket()).isEmpty();
    }

    @Test
    void withoutKeyTheAgentOfSshAuthSockIsAsked() {
        assertThat(parse().settings("/run/agent.sock").agentSocket()).contains(Path.of("/run/agent.sock"));
    }

    @Test
    void anUnsetOrBlankSshAuthSockMeansNoAgent() {
        assertThat(parse().settings(null).agentSocket()).isEmpty();
        assertThat(parse().settings(" ").agentSocket()).isEmpty();
    }

    @Test
    void keepAliveTimeoutIsThirtySecondsUnlessGivenAndNeverNegative() {
        assertThat(parse().settings(null).keepAliveTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(parse("--keepAliveTimeout", "0").settings(null).keepAliveTimeout()).isZero();
        assertThatThrownBy(() -> parse("--keepAliveTimeout", "-5").settings(null))
                .hasMessageContaining("--keepAliveTimeout");
    }

    @Test
    void relaysGivenTwiceAreTwoLevelsAndTakeThePortOfServersNamedWithoutOne() throws Exception {
        RemoteOptions options = parse("--relays", "r1,r2:2300", "--relays", "m1", "--port", "2400");
        assertThat(options.relayLevels()).containsExactly(
                java.util.List.of(new ServerAddress("r1", 2400), new ServerAddress("r2", 2300)),
                java.util.List.of(new ServerAddress("m1", 2400)));
        assertThat(parse().relayLevels()).isEmpty();
        assertThatThrownBy(() -> parse("--relays", ",").relayLevels()).hasMessage("--relays ',' names no relay");
    }
}
