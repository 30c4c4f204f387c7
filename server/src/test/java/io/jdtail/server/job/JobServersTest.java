package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.remote.RemoteSettings;
import io.jdtail.remote.ServerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How scheduled and continuous jobs reach other servers: one set-up, with this server's real job identity. */
class JobServersTest {

    @TempDir
    Path cache;

    private ContinuousJobs.RemoteAccess access() {
        return new ContinuousJobs.RemoteAccess(cache, 2222, Duration.ofSeconds(7));
    }

    @Test
    void theJobLogsInAsItsNameWithThisServersIdentityAndKeepsHostKeysInCacheDir() throws Exception {
        JobServers targets = JobServers.resolve("daily", List.of("web1:2223, web2", "web1:2223"), Optional.empty(),
                access(), () -> JobIdentity.load(cache));

        assertThat(targets.servers()).containsExactly(new ServerAddress("web1", 2223), new ServerAddress("web2", 2222));
        RemoteSettings settings = targets.settings();
        assertThat(settings.user()).isEqualTo("daily");
        assertThat(settings.keys()).containsExactly(targets.identity().privateKeyFile());
        assertThat(settings.agentSocket()).isEmpty();
        assertThat(settings.knownHosts()).isEqualTo(cache.toAbsolutePath().resolve(JobServers.KNOWN_HOSTS));
        assertThat(settings.trustAllHosts()).as("a new host is trusted on first use, nobody is there to ask").isTrue();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.sessionTimeout()).isZero();
        assertThat(settings.connectionsAtOnce()).isEqualTo(10 * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void withoutAServerTheJobFailsOnItsServersKeyBeforeAnyIdentityIsMade() {
        JobServers.IdentitySource untouched = () -> {
            throw new AssertionError("the identity was loaded for a job without servers");
        };
        assertThatThrownBy(() -> JobServers.resolve("daily", List.of(" "), Optional.empty(), access(), untouched))
                .isInstanceOf(JobServers.NoServers.class).hasMessage("Servers: no server to read from");
        assertThatThrownBy(() -> JobServers.resolve("daily", List.of("web1:http"), Optional.empty(), access(), untouched))
                .isInstanceOf(JobServers.NoServers.class).hasMessage("Servers: 'web1:http': port 'http' is not a number from 1 to 65535");
        assertThatThrownBy(() -> JobServers.resolve("daily", List.of("web1"), Optional.of("nosuchdiscovery"), access(),
                untouched)).isInstanceOf(JobServers.NoServers.class)
                .hasMessageStartingWith("Servers: no server discovery named 'nosuchdiscovery'");
    }

    @Test
    void aRefusedLoginSaysWhatTheTargetMustHoldOtherFailuresGetNoHint() throws Exception {
        JobIdentity id = JobIdentity.load(cache);
        ServerAddress web1 = new ServerAddress("web1", 2222);

        String hint = JobServers.loginHint("daily", web1, "authentication failed: the server accepts none of the offered keys",
                id);
        assertThat(hint).contains("on web1, job daily must exist with this host in its AllowFrom",
                "<CacheDir>/daily.authorized_keys must hold this server's " + id.publicKeyFile(), id.fingerprint(),
                "the reason is in web1's log");
        assertThat(JobServers.loginHint("daily", web1, "connection refused (is dserver running on port 2222?)", id)).isEmpty();
    }
}
