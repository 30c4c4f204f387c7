package io.jdtail.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an accepted host key is written to known_hosts (the end-to-end cases are in KnownHostsTest). */
class HostKeyPolicyTest {

    @TempDir
    Path dir;

    @Test
    void aMissingSshDirectoryIsMadeOwnerOnlyAndTheEntryIsOneLine() throws Exception {
        Path knownHosts = dir.resolve("home/.ssh/known_hosts");

        HostKeyPolicy.appendLine(knownHosts, "[127.0.0.1]:2222 ssh-ed25519 AAAA1");
        HostKeyPolicy.appendLine(knownHosts, "[127.0.0.1]:2223 ssh-ed25519 AAAA2");

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts.getParent())));
        assertEquals("[127.0.0.1]:2222 ssh-ed25519 AAAA1\n[127.0.0.1]:2223 ssh-ed25519 AAAA2\n", Files.readString(knownHosts));
    }

    @Test
    void aLastLineWithoutLineEndIsEndedBeforeTheEntry() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "# my hosts\nother.example.org ssh-ed25519 AAAA0");

        HostKeyPolicy.appendLine(knownHosts, "[127.0.0.1]:2222 ssh-ed25519 AAAA1");

        assertEquals(List.of("# my hosts", "other.example.org ssh-ed25519 AAAA0", "[127.0.0.1]:2222 ssh-ed25519 AAAA1"),
                Files.readAllLines(knownHosts));
    }
}
