package io.jdtail.server.ssh;

import io.jdtail.engine.source.FileGate;
import io.jdtail.server.permission.SystemUserDirectory;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;

import static io.jdtail.server.ssh.SshTestSupport.authenticates;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dserver's login to itself for its warm-up: only the in-memory key, only on the one connection the warm-up expects,
 * only once, never after it is closed, and no keys file logs that name in. Each test starts a dserver of its own (a
 * login accepts one connection for good); MINA's client is shared.
 */
class WarmUpLoginTest {

    @TempDir
    static Path dir;
    static SshTestSupport t;

    @BeforeAll
    static void client() throws Exception {
        t = new SshTestSupport(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        t.close();
    }

    private static Dserver freshServer() throws Exception {
        if (t.server != null) {
            t.server.close();
        }
        return t.start();
    }

    @Test
    void onlyTheExpectedConnectionLogsInAndOnlyOnce() throws Exception {
        WarmUpLogin login = freshServer().warmUpLogin();
        ClientSession expected = t.connect(WarmUpLogin.NAME);
        ClientSession other = t.connect(WarmUpLogin.NAME);
        assertThat(login.expect(expected.getIoSession().getLocalAddress(), dir.resolve("warm-up.log"))).isTrue();

        assertThat(authenticates(other, login.keys())).as("another connection with the right key").isFalse();
        t.addAccount("alice", 4242, null);
        assertThat(t.canLogin("alice", login.keys())).as("the warm-up's key for an account").isFalse();
        assertThat(authenticates(expected, login.keys())).as("the expected connection").isTrue();

        ClientSession later = t.connect(WarmUpLogin.NAME);
        assertThat(login.expect(later.getIoSession().getLocalAddress(), dir.resolve("warm-up.log")))
                .as("a second connection may not be expected").isFalse();
        assertThat(authenticates(later, login.keys())).as("a second connection with the right key").isFalse();
    }

    @Test
    void theExpectedConnectionWithAnotherKeyIsRefused() throws Exception {
        WarmUpLogin login = freshServer().warmUpLogin();
        ClientSession expected = t.connect(WarmUpLogin.NAME);
        login.expect(expected.getIoSession().getLocalAddress(), dir.resolve("warm-up.log"));
        assertThat(authenticates(expected, SshTestSupport.ed25519())).isFalse();
    }

    @Test
    void nothingLogsInBeforeTheWarmUpExpectsItsConnectionNorAfterItClosed() throws Exception {
        WarmUpLogin login = freshServer().warmUpLogin();
        assertThat(t.canLogin(WarmUpLogin.NAME, login.keys())).as("before expect").isFalse();

        login.close();
        ClientSession expected = t.connect(WarmUpLogin.NAME);
        assertThat(login.expect(expected.getIoSession().getLocalAddress(), dir.resolve("warm-up.log"))).isFalse();
        assertThat(authenticates(expected, login.keys())).as("after close").isFalse();
    }

    @Test
    void aKeysFileForTheWarmUpNameLogsNobodyIn() throws Exception {
        freshServer();
        KeyPair listed = SshTestSupport.ed25519();
        t.authorize(WarmUpLogin.NAME, listed);
        assertThat(t.canLogin(WarmUpLogin.NAME, listed)).isFalse();
    }

    @Test
    void itsRequestsMayReadTheExpectedFileOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("warm-up.log"), "a line\n").toRealPath();
        Path beside = Files.writeString(dir.resolve("other.log"), "another line\n").toRealPath();
        String self = System.getProperty("user.name");
        WarmUpLogin login = WarmUpLogin.create(new SystemUserDirectory().lookup(self));
        assertThat(login.gate().open(file)).as("before expect: no file").isInstanceOf(FileGate.Refused.class);

        login.expect(new java.net.InetSocketAddress("127.0.0.1", 40000), file);
        FileGate.Opened opened = login.gate().open(file);
        assertThat(opened).isInstanceOf(FileGate.OpenedFile.class);
        ((FileGate.OpenedFile) opened).channel().close();
        assertThat(login.gate().open(beside)).isInstanceOf(FileGate.Refused.class);
        assertThat(login.gate().open(Path.of("/etc/passwd"))).isInstanceOf(FileGate.Refused.class);
        assertThat(login.gate().open(dir.resolve("sub/../other.log"))).isInstanceOf(FileGate.Refused.class);
        WarmUpLogin withoutAccount = WarmUpLogin.create(Optional.empty());
        withoutAccount.expect(new java.net.InetSocketAddress("127.0.0.1", 40000), file);
        assertThat(withoutAccount.gate().open(file)).as("dserver's account unknown").isInstanceOf(FileGate.Refused.class);
    }
}
