package io.jdtail.server.permission;

import io.jdtail.config.LoginName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserDirectoryTest {

    @Test
    void systemAccounts() {
        SystemUserDirectory d = new SystemUserDirectory();
        UnixUser root = d.lookup("root").orElseThrow();
        assertEquals(0, root.uid());
        assertTrue(root.isRoot());
        assertTrue(root.home().isPresent());
        d.lookup("nobody").ifPresent(n -> {
            assertFalse(n.isRoot());
            assertTrue(n.inGroup(n.gid()));
        });
        assertEquals(Optional.empty(), d.lookup("no-such-user-jdtail"));
    }

    @Test
    void implausibleNamesAreNeverLookedUp() {
        SystemUserDirectory d = new SystemUserDirectory();
        for (String name : new String[] {"", "../root", "-x", ".hidden", "a b", "a/b", "x".repeat(65), "ro\not"}) {
            assertEquals(Optional.empty(), d.lookup(name), name);
        }
        assertTrue(LoginName.isValid("john.doe@corp"));
    }

    @Test
    void passwdAndGroupFiles(@TempDir Path dir) throws Exception {
        Path passwd = Files.writeString(dir.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/bash\nalice:x:1001:1001:Alice:/home/alice:/bin/sh\nbad:x:z:1::/:\n");
        Path group = Files.writeString(dir.resolve("group"),
                "root:x:0:\nalice:x:1001:\nadm:x:4:syslog,alice\nstaff:x:50:bob\n");
        SystemUserDirectory d = SystemUserDirectory.fromFiles(passwd, group);
        UnixUser alice = d.lookup("alice").orElseThrow();
        assertEquals(1001, alice.uid());
        assertEquals(Set.of(1001, 4), alice.groups());
        assertEquals(Optional.of(Path.of("/home/alice")), alice.home());
        assertEquals(Optional.empty(), d.lookup("bad"));
        assertEquals(Optional.empty(), d.lookup("bob"));
    }
}
