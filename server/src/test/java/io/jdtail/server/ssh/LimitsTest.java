package io.jdtail.server.ssh;

import ch.qos.logback.classic.Level;
import io.jdtail.server.LogCapture;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.jdtail.server.ssh.ChannelRestrictionsTest.readLine;
import static io.jdtail.server.ssh.SshTestSupport.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MaxConnections, the authentication timeout and the idle timeout. */
class LimitsTest {

    @TempDir
    Path dir;
    SshTestSupport t;
    KeyPair key;
    /** Disconnect messages the server sent, per client session. */
    final Map<Session, String> disconnects = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        t = new SshTestSupport(dir);
        key = SshTestSupport.ed25519();
        t.authorize("alice", key);
        t.client.addSessionListener(new SessionListener() {
            @Override
            public void sessionDisconnect(Session session, int reason, String msg, String language,
                                          boolean initiator) {
                if (!initiator) {
                    disconnects.put(session, msg);
                }
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        t.close();
    }

    private static void assertEchoWorks(ClientSession s) throws Exception {
        ChannelSubsystem ch = s.createSubsystemChannel("jdtail");
        ch.open().verify(TIMEOUT);
        assertEquals("hello " + s.getUsername(), readLine(ch.getInvertedOut()));
        OutputStream o = ch.getInvertedIn();
        o.write("still here\n".getBytes(StandardCharsets.UTF_8));
        o.flush();
        assertEquals("still here", readLine(ch.getInvertedOut()));
        assertTrue(ch.close(false).await(TIMEOUT), "graceful channel close");
    }

    private static void awaitClosed(ClientSession s) {
        Set<ClientSessionEvent> ev = s.waitFor(EnumSet.of(ClientSessionEvent.CLOSED), TIMEOUT);
        assertTrue(ev.contains(ClientSessionEvent.CLOSED), () -> "session still open: " + ev);
    }

    static void awaitCondition(java.util.function.BooleanSupplier c, String what) throws Exception {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void excessConnectionIsRefusedWithAReasonWhileOthersKeepWorking() throws Exception {
        t.start(2, o -> o, SshTestSupport.ECHO);
        ClientSession first = t.login("alice", key);
        ClientSession second = t.login("alice", key);
        awaitCondition(() -> t.server.connectionCount() == 2, "two connections");

        // unauthenticated connections do not count against MaxConnections: the third is refused once it authenticated
        ClientSession third = t.connect("alice");
        third.addPublicKeyIdentity(key);
        third.auth().await(TIMEOUT);
        awaitClosed(third);
        assertEquals("too many connections (max 2)", disconnects.get(third));
        assertEquals(2, t.server.connectionCount());

        assertEchoWorks(first);
        assertEchoWorks(second);

        first.close();
        awaitCondition(() -> t.server.connectionCount() == 1, "a free slot");
        ClientSession fourth = t.login("alice", key);
        assertEchoWorks(fourth);
    }

    /** Opens a socket from {@code from} that never authenticates; returns once the server sent its identification. */
    private Socket idleSocket(String from) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", t.server.port()), (int) TIMEOUT.toMillis());
        s.setSoTimeout((int) TIMEOUT.toMillis());
        InputStream in = s.getInputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            assertTrue(b >= 0, "the server closed a connection it should keep");
        }
        return s;
    }

    /** Reads until the server closes {@code s}; bounded by the socket's timeout. */
    private static void assertClosedByServer(Socket s) throws Exception {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // the server's KEXINIT, then the end
            }
        } catch (java.net.SocketException e) {
            // a reset is a close too
        }
    }

    @Test
    void unauthenticatedConnectionsHaveLimitsPerAddressAndInAllAndTheOldestGoes() throws Exception {
        t.start(1, o -> o.withPreAuthLimits(new PreAuthLimits(3, 2)), SshTestSupport.ECHO);
        Socket first = idleSocket("127.0.0.2");
        Socket second = idleSocket("127.0.0.2");
        Socket third = idleSocket("127.0.0.2");            // a third from .2: the oldest of .2 goes
        assertClosedByServer(first);
        Socket other = idleSocket("127.0.0.3");
        Socket another = idleSocket("127.0.0.4");          // four in all: the oldest of the busiest address (.2) goes
        assertClosedByServer(second);
        awaitCondition(() -> t.server.unauthenticatedCount() == 3, "three unauthenticated connections");

        ClientSession alice = t.login("alice", key);       // MaxConnections 1, not taken by any of them
        assertEchoWorks(alice);
        assertEquals(1, t.server.connectionCount());
        for (Socket s : new Socket[] {third, other, another}) {
            s.close();
        }
    }

    @Test
    void connectionThatSendsNothingIsClosedAfterTheAuthTimeout() throws Exception {
        t.start(10, o -> o.withAuthTimeout(Duration.ofSeconds(1)), SshTestSupport.ECHO);
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", t.server.port()), (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder seen = new StringBuilder();
            int n;
            while ((n = in.read(buf)) >= 0) {       // identification + KEXINIT, then EOF
                seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertTrue(seen.toString().startsWith("SSH-2.0-"), seen::toString);
        } catch (java.net.SocketException e) {
            // a reset also means the server closed it
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
        assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0, "closed too early: " + took);
    }

    @Test
    void clientThatNeverAuthenticatesIsDisconnected() throws Exception {
        t.start(10, o -> o.withAuthTimeout(Duration.ofSeconds(1)), SshTestSupport.ECHO);
        ClientSession s = t.connect("alice");
        awaitClosed(s);
        assertFalse(s.isAuthenticated());
    }

    @Test
    void authenticatedConnectionWithoutChannelIsClosedAfterTheIdleTimeout() throws Exception {
        t.start(10, o -> o.withIdleTimeout(Duration.ofMillis(800)), SshTestSupport.ECHO);
        ClientSession s = t.login("alice", key);
        awaitClosed(s);
        assertTrue(disconnects.get(s).startsWith("idle: no jdtail channel opened within 800ms"),
                () -> disconnects.get(s));
    }

    @Test
    void openChannelKeepsTheConnectionPastTheIdleTimeoutAndClosingItRearmsIt() throws Exception {
        // a second, so that a slow CI machine opens the channel well before the connection counts as idle
        t.start(10, o -> o.withIdleTimeout(Duration.ofSeconds(1)), SshTestSupport.ECHO);
        try (LogCapture log = new LogCapture("io.jdtail.server.ssh", Level.DEBUG)) {
            ClientSession s = t.login("alice", key);
            ChannelSubsystem ch = s.createSubsystemChannel("jdtail");
            ch.open().verify(TIMEOUT);
            assertEquals("hello alice", readLine(ch.getInvertedOut()));
            // both checks a timeout after authentication and after the channel opened run, without any traffic,
            // and keep the connection and the channel (they are the only ones armed until the channel closes)
            log.await(lines -> lines.stream().anyMatch(l -> l.startsWith("DEBUG idle check of alice@")
                    && l.endsWith("the connection stays")), TIMEOUT, "the idle check armed at authentication");
            log.await(lines -> lines.stream().anyMatch(l -> l.startsWith("DEBUG alice@")
                    && l.endsWith("started its subsystem in time, it stays")), TIMEOUT, "the channel's start check");
            assertTrue(s.isOpen());
            OutputStream o = ch.getInvertedIn();
            o.write("late\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
            assertEquals("late", readLine(ch.getInvertedOut()));
            assertTrue(ch.close(false).await(TIMEOUT), "graceful channel close");
            awaitClosed(s);
        }
    }

    @Test
    void sessionChannelThatNeverStartsTheSubsystemIsClosed() throws Exception {
        t.start(10, o -> o.withIdleTimeout(Duration.ofSeconds(1)), SshTestSupport.ECHO);
        ClientSession s = t.login("alice", key);
        var ch = new org.apache.sshd.client.channel.ChannelSession();
        s.getService(ConnectionService.class).registerChannel(ch);
        ch.open().verify(TIMEOUT);
        Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
        assertTrue(ev.contains(ClientChannelEvent.CLOSED), () -> "channel still open: " + ev);
        awaitClosed(s);
    }
}
