package io.jdtail.server.ssh;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.jdtail.server.ssh.SshTestSupport.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the jdtail subsystem exists: shell, exec, SFTP, forwarding, agent and X11 are refused. */
class ChannelRestrictionsTest {

    @TempDir
    Path dir;
    SshTestSupport t;
    ClientSession session;

    @BeforeEach
    void setUp() throws Exception {
        t = new SshTestSupport(dir);
        t.start();
        KeyPair key = SshTestSupport.ed25519();
        t.authorize("alice", key);
        session = t.login("alice", key);
    }

    @AfterEach
    void tearDown() throws Exception {
        t.close();
    }

    static String readLine(InputStream in) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                    b.write(c);
                }
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void jdtailSubsystemReachesTheHandlerWhichEchoes() throws Exception {
        try (ChannelSubsystem ch = session.createSubsystemChannel("jdtail")) {
            ch.open().verify(TIMEOUT);
            OutputStream toServer = ch.getInvertedIn();
            InputStream fromServer = ch.getInvertedOut();
            assertEquals("hello alice", readLine(fromServer));
            toServer.write("ping\n".getBytes(StandardCharsets.UTF_8));
            toServer.flush();
            assertEquals("ping", readLine(fromServer));
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) ('a' + i % 26);
            }
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return fromServer.readNBytes(big.length);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            toServer.write(big);
            toServer.flush();
            assertTrue(java.util.Arrays.equals(big, echoed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
            toServer.close();   // EOF
            Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            assertTrue(ev.contains(ClientChannelEvent.CLOSED), () -> "not closed: " + ev);
            assertEquals(0, ch.getExitStatus());
        }
    }

    @Test
    void handlerFailureEndsTheChannelWithStatus1() throws Exception {
        t.server.close();
        t.start(10, o -> o, ch -> {
            throw new IllegalStateException("boom");
        });
        KeyPair key = SshTestSupport.ed25519();
        t.authorize("bob", key);
        ClientSession s = t.login("bob", key);
        try (ChannelSubsystem ch = s.createSubsystemChannel("jdtail")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ch.setErr(err);
            ch.setOut(new ByteArrayOutputStream());
            ch.open().verify(TIMEOUT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            assertEquals(1, ch.getExitStatus());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("dserver: boom"), err::toString);
        }
    }

    /** Opens a channel and waits until it is closed by the server, returning its exit status (null = none). */
    private static Integer refusedChannel(ClientChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ch.setOut(out);
        ch.setErr(out);
        try {
            ch.open().verify(TIMEOUT);
        } catch (IOException e) {
            return null;   // refused at open
        }
        Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
        assertTrue(ev.contains(ClientChannelEvent.CLOSED), () -> "channel still open: " + ev);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        return ch.getExitStatus();
    }

    @Test
    void execIsRefused() throws Exception {
        try (ChannelExec ch = session.createExecChannel("echo hi")) {
            assertNull(refusedChannel(ch));
        }
        assertThrows(IOException.class, () -> session.executeRemoteCommand("echo hi", TIMEOUT));
    }

    @Test
    void shellIsRefused() throws Exception {
        try (ChannelShell ch = session.createShellChannel()) {
            assertNull(refusedChannel(ch));
        }
    }

    @Test
    void sftpAndScpAreRefused() throws Exception {
        try (ChannelSubsystem ch = session.createSubsystemChannel("sftp")) {
            assertNull(refusedChannel(ch));
        }
        try (ChannelExec ch = session.createExecChannel("scp -t /tmp")) {
            assertNull(refusedChannel(ch));
        }
    }

    @Test
    void localPortForwardingIsRefused() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var ch = session.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0),
                    new SshdSocketAddress("127.0.0.1", target.getLocalPort()));
            assertThrows(IOException.class, () -> ch.open().verify(TIMEOUT));
            ch.close(true);
        }
    }

    @Test
    void remotePortForwardingIsRefused() {
        assertThrows(IOException.class, () -> session.startRemotePortForwarding(
                new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress("127.0.0.1", 9)));
    }

    @Test
    void agentAndX11ForwardingRequestsAreRefused() throws Exception {
        ReplyRecordingChannel ch = new ReplyRecordingChannel();
        ConnectionService service = session.getService(ConnectionService.class);
        service.registerChannel(ch);
        ch.open().verify(TIMEOUT);
        try {
            assertTrue(ch.nextReply(), "the subsystem request itself succeeds");
            assertFalse(ch.request("auth-agent-req@openssh.com", b -> { }));
            assertFalse(ch.request("x11-req", b -> {
                b.putBoolean(false);
                b.putString("MIT-MAGIC-COOKIE-1");
                b.putString("0123456789abcdef0123456789abcdef");
                b.putUInt(0);
            }));
            // the channel itself still works
            assertEquals("hello alice", readLine(ch.getInvertedOut()));
        } finally {
            ch.close(true);
        }
    }

    /** A jdtail channel that can send raw channel requests and see the server's yes/no. */
    static final class ReplyRecordingChannel extends ChannelSubsystem {
        private final LinkedBlockingQueue<Boolean> replies = new LinkedBlockingQueue<>();

        ReplyRecordingChannel() {
            super("jdtail");
        }

        boolean request(String type, java.util.function.Consumer<Buffer> body) throws Exception {
            Buffer b = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 128);
            b.putUInt(getRecipient());
            b.putString(type);
            b.putBoolean(true);
            body.accept(b);
            writePacket(b);
            return nextReply();
        }

        boolean nextReply() throws InterruptedException {
            Boolean r = replies.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(r, "no reply");
            return r;
        }

        @Override
        public void handleSuccess() throws IOException {
            replies.add(true);
        }

        @Override
        public void handleFailure() throws IOException {
            replies.add(false);
        }
    }
}
