package io.jdtail.server.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The directories dserver makes at start: made when missing (0700 where they hold keys), and a path that cannot be a
 * directory is named with the reason and the remedy (what a user without write permission sees is in NonRootStartTest).
 */
class ServerDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsMadeOwnerOnlyWhereItHoldsKeys() throws Exception {
        Path keys = tmp.resolve("state/cache");
        assertThat(ServerDirectory.holding("Server.HostKeyFile", keys.resolve("ssh_host_key")).prepare()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        assertThat(ServerDirectory.named("Common.CacheDir", keys, true).prepare()).as("there already").isEmpty();
    }

    @Test
    void aFileInTheWayIsNamedWithWhatToChange() throws Exception {
        Path file = Files.writeString(tmp.resolve("var"), "not a directory\n");
        String user = System.getProperty("user.name");

        assertThat(ServerDirectory.named("Common.LogDir", file.resolve("log/dserver"), false).prepare()).contains(
                "cannot create Common.LogDir " + file + "/log/dserver: " + file + " is not a directory (dserver runs as user "
                        + user + "); create it and give " + user + " write access, or set Common.LogDir in the config to a"
                        + " directory " + user + " can write");
        assertThat(assertThrows(java.io.IOException.class,
                () -> ServerDirectory.named("--logDir", file.resolve("log"), false).require()).getMessage()).isEqualTo(
                "cannot create --logDir " + file + "/log: " + file + " is not a directory (dserver runs as user " + user
                        + "); create it and give " + user + " write access, or give --logDir a directory " + user + " can write");
    }
}
