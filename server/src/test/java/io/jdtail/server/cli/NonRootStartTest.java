package io.jdtail.server.cli;

import io.jdtail.server.ssh.NobodyProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped example configuration, started by a user who may not write where it keeps dserver's state (a
 * newcomer trying it out as herself): dserver says, for each directory, what is wrong, as whom it runs and what
 * to change. A real dserver process of the system user {@code nobody} ({@code setpriv}), with the example's
 * {@code /var/...} directories moved below a root-owned temporary directory that nobody may not write.
 */
class NonRootStartTest {

    @Test
    void theExampleConfigStartedAsNobodySaysWhichDirectoryWhyAndWhatToChange(@TempDir Path tmp) throws Exception {
        Path root = NobodyProcess.searchableRootOwned(tmp);
        Files.createDirectories(root.resolve("var/lib"));
        Files.createDirectories(root.resolve("var/log"));
        Path cfg = root.resolve("dtail.json");
        Files.writeString(cfg, example().replace("\"/var/", "\"" + root + "/var/"));
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));

        NobodyProcess child = runAsNobody(root, "--cfg", cfg.toString(), "--bindAddress", "127.0.0.1", "--port", "0",
                "--shutdownAfter", "30");

        assertThat(child.exit()).as(child.err()).isEqualTo(1);
        assertThat(child.err().lines().filter(l -> l.startsWith("dserver:"))).as(child.err()).containsExactly(
                "dserver: warning: cannot create Common.LogDir " + root + "/var/log/dserver: permission denied in "
                        + root + "/var/log (dserver runs as user nobody); create it and give nobody write access,"
                        + " or set Common.LogDir in the config to a directory nobody can write; logging to stderr only",
                "dserver: warning: cannot create Common.CacheDir " + root + "/var/lib/dserver/cache: permission denied in "
                        + root + "/var/lib (dserver runs as user nobody); create it and give nobody write access,"
                        + " or set Common.CacheDir in the config to a directory nobody can write;"
                        + " jobs that read other servers keep their key and known hosts there",
                "dserver: cannot start: cannot create the directory of Server.HostKeyFile " + root
                        + "/var/lib/dserver/cache: permission denied in " + root + "/var/lib (dserver runs as user"
                        + " nobody); create it and give nobody write access, or set Server.HostKeyFile in the config"
                        + " to a file in a directory nobody can write");
    }

    @Test
    void aDirectoryThatIsThereButNotWritableSaysSo(@TempDir Path tmp) throws Exception {
        Path root = NobodyProcess.searchableRootOwned(tmp);
        Path cache = Files.createDirectories(root.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logs = Files.createDirectories(root.resolve("logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cfg = root.resolve("dtail.json");
        Files.writeString(cfg, "{\"Common\": {\"CacheDir\": \"" + cache + "\"}, \"Server\": {\"HostKeyFile\": \""
                + cache.resolve("ssh_host_key") + "\"}}");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));

        NobodyProcess child = runAsNobody(root, "--cfg", cfg.toString(), "--logDir", logs.toString(),
                "--bindAddress", "127.0.0.1", "--port", "0", "--shutdownAfter", "30");

        assertThat(child.exit()).as(child.err()).isEqualTo(1);
        assertThat(child.err().lines().filter(l -> l.startsWith("dserver:"))).as(child.err()).containsExactly(
                "dserver: warning: --logDir " + logs + " is not writable by nobody; give nobody write access,"
                        + " or give --logDir a directory nobody can write; logging to stderr only",
                "dserver: warning: Common.CacheDir " + cache + " is not writable by nobody; give nobody write access,"
                        + " or set Common.CacheDir in the config to a directory nobody can write;"
                        + " jobs that read other servers keep their key and known hosts there",
                "dserver: cannot start: the directory of Server.HostKeyFile " + cache + " is not writable by nobody;"
                        + " give nobody write access, or set Server.HostKeyFile in the config to a file in a directory"
                        + " nobody can write");
    }

    private static String example() throws IOException {
        try (InputStream in = NonRootStartTest.class.getResourceAsStream("/dtail.example.json")) {
            assertThat(in).as("dtail.example.json").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static NobodyProcess runAsNobody(Path root, String... args) throws Exception {
        return NobodyProcess.run(root, DserverCommand.class, args);
    }
}
