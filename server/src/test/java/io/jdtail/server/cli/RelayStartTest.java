package io.jdtail.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.server.job.JobIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay makes its key pair at start, before any request, and says where it is and what to do with it. */
class RelayStartTest {

    /** A configuration with {@code relay}; its host key file holds no key, so dserver stops right after start-up. */
    static Path config(Path dir, boolean relay) throws Exception {
        Path notAKey = Files.writeString(dir.resolve("not_a_key"), "not a key\n");
        return Files.writeString(dir.resolve("dtail.json"), "{\"Common\": {\"CacheDir\": \"" + dir.resolve("cache")
                + "\"}, \"Server\": {\"HostKeyFile\": \"" + notAKey + "\", \"Relay\": " + relay + "}}");
    }

    @Test
    void aRelayMakesItsKeyPairAtStart(@TempDir Path dir) throws Exception {
        Path cfg = config(dir, true);
        DserverRun r = DserverRun.run("--cfg", cfg.toString(), "--bindAddress", "127.0.0.1", "--port", "0",
                "--logger", "stderr");
        Path cache = dir.resolve("cache");
        assertThat(cache.resolve("job_identity")).as("made by dserver's start").exists();
        assertThat(cache.resolve("job_identity.pub")).exists();
        JobIdentity identity = JobIdentity.load(cache);
        assertThat(Files.getPosixFilePermissions(cache.resolve("job_identity")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(cache.resolve("job_identity.pub"))).isEqualTo(identity.authorizedKeysLine() + "\n");
        assertThat(r.err().lines().toList()).contains("dserver: relay: logs in to other dservers with "
                + cache.resolve("job_identity") + " (key " + identity.fingerprint() + "); on each of them, add "
                + cache.resolve("job_identity.pub") + " to <CacheDir>/relays.authorized_keys and this host to"
                + " Server.RelayAllowFrom");
    }

    @Test
    void aServerThatIsNoRelayMakesNoKeyPair(@TempDir Path dir) throws Exception {
        DserverRun r = DserverRun.run("--cfg", config(dir, false).toString(), "--bindAddress", "127.0.0.1", "--port",
                "0", "--logger", "stderr");
        assertThat(r.status()).isEqualTo(1);
        assertThat(dir.resolve("cache").resolve("job_identity")).doesNotExist();
    }

    @Test
    void aRelayWhoseKeyCannotBeReadDoesNotStart(@TempDir Path dir) throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.writeString(cache.resolve("job_identity"), "not a key\n");
        DserverRun r = DserverRun.run("--cfg", config(dir, true).toString(), "--bindAddress", "127.0.0.1", "--port",
                "0", "--logger", "stderr");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("dserver: cannot start: Server.Relay is true, but its key pair: ");
        assertThat(r.err()).doesNotContain("listening");
    }
}
