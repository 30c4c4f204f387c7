package io.jdtail.server.ssh;

import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.remote.ClientPackets;
import io.jdtail.server.LogCapture;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.core.CoreModuleProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.jdtail.server.ssh.ChannelRestrictionsTest.readLine;
import static io.jdtail.server.ssh.LimitsTest.awaitCondition;
import static io.jdtail.server.ssh.SshTestSupport.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a SessionHandler gets, what happens when either side ends the channel or dserver stops, and the size of the
 * packets its output goes in.
 */
class SessionChannelTest {

    @TempDir
    Path dir;
    SshTestSupport t;
    KeyPair key;

    @BeforeEach
    void setUp() throws Exception {
        t = new SshTestSupport(dir);
        key = SshTestSupport.ed25519();
        t.authorize("alice", key);
    }

    @AfterEach
    void tearDown() throws Exception {
        t.close();
    }

    @Test
    void handlerSeesUserAddressConfigAndFileAccessAndCanExitWithAStatus() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "x\n");
        t.addAccount("alice", 0, null);            // root-like account: only the rules decide
        t.start(7, o -> o, ch -> {
            PrintStream out = new PrintStream(ch.out(), true, StandardCharsets.UTF_8);
            out.println(ch.user() + " " + (ch.remoteAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() : "?") + " max=" + ch.config().server().maxConnections()
                    + " id=" + !ch.sessionId().isEmpty());
            FileGate.Opened d = ch.fileAccess().open(f);
            if (d instanceof FileGate.OpenedFile opened) {
                opened.close();
            }
            out.println((d instanceof FileGate.OpenedFile) + " "
                    + (ch.fileAccess().open(Path.of("relative")) instanceof FileGate.OpenedFile));
            ch.exit(3, "done");
            out.println("not seen");                 // after exit nothing more reaches the client
        });
        ClientSession s = t.login("alice", key);
        ChannelSubsystem ch = s.createSubsystemChannel("jdtail");
        ch.open().verify(TIMEOUT);
        assertEquals("alice 127.0.0.1 max=7 id=true", readLine(ch.getInvertedOut()));
        assertEquals("true false", readLine(ch.getInvertedOut()));
        ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
        assertEquals(3, ch.getExitStatus());
    }

    @Test
    void clientGoingAwayInterruptsTheHandlerAndRunsCloseCallbacks() throws Exception {
        SshTestSupport.QuietSession quiet = new SshTestSupport.QuietSession();   // a quiet follow session
        t.start(10, o -> o, quiet.handler());
        ClientSession s = t.login("alice", key);
        ChannelSubsystem ch = s.createSubsystemChannel("jdtail");
        ch.open().verify(TIMEOUT);
        assertTrue(quiet.started().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        s.close(true);                                     // connection dropped
        assertTrue(quiet.closed().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "close callback");
        assertTrue(quiet.handlerDone().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "handler interrupted");
        assertTrue(quiet.closedWhenInterrupted().get());
    }

    @Test
    void heartbeatsKeepQuietSessionsAlive() throws Exception {
        // a second of missed heartbeats is tolerated: a loaded two-core CI machine can stall a few hundred ms
        t.start(10, o -> o.withHeartbeat(Duration.ofMillis(200), 5), SshTestSupport.ECHO);
        CountDownLatch tenHeartbeats = new CountDownLatch(10);
        countKeepAlives(tenHeartbeats);
        ClientSession s = t.login("alice", key);
        ChannelSubsystem ch = s.createSubsystemChannel("jdtail");
        ch.open().verify(TIMEOUT);
        assertEquals("hello alice", readLine(ch.getInvertedOut()));
        // ten heartbeats on a quiet session, each answered by the client with MINA's REQUEST_FAILURE
        assertTrue(tenHeartbeats.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                () -> "keep-alive requests from dserver within " + TIMEOUT + ": " + (10 - tenHeartbeats.getCount()));
        ch.getInvertedIn().write("ok\n".getBytes(StandardCharsets.UTF_8));
        ch.getInvertedIn().flush();
        assertEquals("ok", readLine(ch.getInvertedOut()));
        assertTrue(s.isOpen());
        assertEquals(1, t.server.connectionCount());
    }

    @Test
    void aClientThatStopsAnsweringHeartbeatsIsDisconnectedAndItsSessionReleased() throws Exception {
        SshTestSupport.QuietSession quiet = new SshTestSupport.QuietSession();
        t.start(10, o -> o.withHeartbeat(Duration.ofMillis(200), 3), quiet.handler());
        CountDownLatch firstHeartbeat = new CountDownLatch(1);
        countKeepAlives(firstHeartbeat);
        ClientSession s = t.login("alice", key);
        ChannelSubsystem ch = s.createSubsystemChannel("jdtail");
        ch.open().verify(TIMEOUT);
        assertTrue(quiet.started().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(firstHeartbeat.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "a heartbeat answered");
        assertEquals(1, t.server.connectionCount());

        // the client vanishes the way a frozen process or a half-open TCP connection does: its socket stays
        // open, but nothing it is sent is read or answered any more
        try (LogCapture log = new LogCapture(Dserver.class)) {
            s.getIoSession().suspendRead();

            assertTrue(quiet.closed().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "channel close callback");
            assertTrue(quiet.handlerDone().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "handler interrupted");
            awaitCondition(() -> t.server.connectionCount() == 0, "the connection released");
            assertTrue(log.lines().contains("INFO closing connection of alice@" + s.getLocalAddress()
                            + ": the client answered none of the last 3 keep-alive requests (sent every 200ms)"),
                    () -> "why, in dserver's log: " + log.lines());
        }
    }

    /**
     * A handler's write returns once MINA has queued the bytes, and dserver's last words to a client (a follow's
     * "dserver is restarting") are such bytes: {@link Dserver#stop()} delivers them. The client here does not read
     * while the stop begins, so most of what the handler wrote is still in MINA's queue.
     */
    @Test
    void whatAHandlerWroteBeforeDserverStopsReachesTheClient() throws Exception {
        // several times what the kernel's socket buffers take while the client does not read
        int bulk = 2 * 1024 * 1024;
        byte[] lastWord = "the last word\n".getBytes(StandardCharsets.UTF_8);
        CountDownLatch notReading = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        // the grace is the bound of the wait: the stop goes on as soon as the channel has ended
        t.start(10, o -> o.withStopGrace(TIMEOUT), ch -> {
            assertTrue(notReading.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the client stopped reading");
            byte[] lines = new byte[64 * 1024];
            Arrays.fill(lines, (byte) 'x');
            lines[lines.length - 1] = '\n';
            for (int i = 0; i < bulk / lines.length; i++) {
                ch.out().write(lines);
            }
            ch.out().write(lastWord);
            ch.out().flush();
            written.countDown();
            // and ends, as a follow told of the shutdown does
        });
        ClientSession s = t.login("alice", key);
        CoreModuleProperties.WINDOW_SIZE.set(s, 2L * bulk);         // the handler's writes need not wait for the client
        ChannelSubsystem ch = s.createSubsystemChannel("jdtail");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ch.setOut(received);
        ch.open().verify(TIMEOUT);

        s.getIoSession().suspendRead();
        notReading.countDown();
        assertTrue(written.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the handler wrote all");
        Thread stopping = Thread.ofPlatform().name("stop").start(t.server::stop);
        awaitCondition(() -> !t.server.isRunning(), "the stop to begin");
        s.getIoSession().resumeRead();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", t.server.port()).close(),
                "a client reconnecting while dserver stops is refused");

        ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
        assertTrue(stopping.join(TIMEOUT), "the stop ended");
        byte[] got = received.toByteArray();
        assertEquals(bulk + lastWord.length, got.length, "bytes the client received");
        assertEquals("the last word", new String(got, got.length - lastWord.length, lastWord.length - 1,
                StandardCharsets.UTF_8));
    }

    /** Frames of about a LINE batch, several packets' worth in all (see {@link #packetsReceived}). */
    private static final int FRAME_BYTES = 300 * 1024;
    private static final int FRAMES = 4;
    private static final long FRAMES_TOTAL = (long) FRAMES * (5 + FRAME_BYTES);

    /**
     * The SSH packets a client gets are as large as it advertised when it opened the channel: the jdtail clients'
     * {@link ClientPackets#MAX_PACKET_BYTES}, not MINA's default of 32 KB, each of which costs both ends an
     * encryption, a decode and a hand-over between threads.
     */
    @Test
    void theClientsGetPacketsOfTheSizeTheyAdvertise() throws Exception {
        startFrameWriter();
        ClientPackets.apply(t.client);
        List<Long> packets = packetsReceived(t.login("alice", key));

        assertThat(packets.subList(0, packets.size() - 1))
                .as("every packet but the last is as large as the client accepts")
                .containsOnly(ClientPackets.MAX_PACKET_BYTES);
        assertThat(packets).as("packets for %d bytes", FRAMES_TOTAL)
                .hasSize((int) ((FRAMES_TOTAL + ClientPackets.MAX_PACKET_BYTES - 1) / ClientPackets.MAX_PACKET_BYTES));
    }

    /** An older client, which advertises MINA's default, still gets packets of that size, full ones. */
    @Test
    void anOlderClientStillGetsMinasDefaultPackets() throws Exception {
        startFrameWriter();
        ClientPackets.apply(t.client);
        ClientSession older = t.login("alice", key);
        CoreModuleProperties.MAX_PACKET_SIZE.set(older, CoreModuleProperties.DEFAULT_MAX_PACKET_SIZE);
        List<Long> packets = packetsReceived(older);

        assertThat(packets.subList(0, packets.size() - 1)).containsOnly(CoreModuleProperties.DEFAULT_MAX_PACKET_SIZE);
    }

    /**
     * A client may advertise packets of up to 512 MiB (MINA's limit): dserver still sends none larger than the clients'
     * own {@link ClientPackets#MAX_PACKET_BYTES}, so that no client can make it hold a buffer of that size per channel.
     */
    @Test
    void aClientAskingForHugePacketsGetsNoneLargerThanTheClientsOwn() throws Exception {
        startFrameWriter();
        ClientSession greedy = t.login("alice", key);
        CoreModuleProperties.MAX_PACKET_SIZE.set(greedy, 16L << 20);
        List<Long> packets = packetsReceived(greedy);

        assertThat(packets).as("packets for %d bytes", FRAMES_TOTAL).allMatch(n -> n <= ClientPackets.MAX_PACKET_BYTES);
    }

    /** A dserver whose sessions write {@link #FRAMES} frames as dserver's do ({@link FrameCodec}), then end. */
    private void startFrameWriter() throws IOException {
        t.start(10, o -> o, ch -> {
            FrameCodec codec = new FrameCodec(null, ch.out(), Integer.MAX_VALUE);
            byte[] payload = new byte[FRAME_BYTES];
            for (int i = 0; i < FRAMES; i++) {
                Arrays.fill(payload, (byte) ('a' + i));
                codec.write(FrameType.LINE, payload);
            }
            codec.flush();
        });
    }

    /**
     * The sizes of the data packets the client received on a jdtail channel, in order, once the server closed it,
     * after checking that every byte came.
     */
    private static List<Long> packetsReceived(ClientSession session) throws IOException {
        // a window with room for everything: the packets' sizes are the server's choice, never the window's
        CoreModuleProperties.WINDOW_SIZE.set(session, 2 * FRAMES_TOTAL);
        List<Long> packets = new CopyOnWriteArrayList<>();
        ChannelSubsystem channel = new ChannelSubsystem(JdtailSubsystemFactory.NAME) {
            @Override
            protected void doWriteData(byte[] data, int off, long len) throws IOException {
                packets.add(len);
                super.doWriteData(data, off, len);
            }
        };
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        channel.setOut(received);
        session.getService(ConnectionService.class).registerChannel(channel);
        channel.open().verify(TIMEOUT);
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
        byte[] got = received.toByteArray();
        assertEquals(FRAMES_TOTAL, got.length, "bytes received");
        for (int i = 0; i < FRAMES; i++) {
            assertEquals((byte) ('a' + i), got[(i + 1) * (5 + FRAME_BYTES) - 1], "the last byte of frame " + i);
        }
        return packets;
    }

    /** Counts dserver's keep-alive requests as the client gets them; the client still answers them itself. */
    private void countKeepAlives(CountDownLatch heartbeats) {
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>();
        handlers.add((connection, request, wantReply, buffer) -> {
            if (!"keepalive@openssh.com".equals(request)) {
                return RequestHandler.Result.Unsupported;
            }
            assertTrue(wantReply, "a keep-alive request wants a reply");
            heartbeats.countDown();
            return RequestHandler.Result.Unsupported;      // MINA answers REQUEST_FAILURE, as OpenSSH's ssh does
        });
        handlers.addAll(t.client.getGlobalRequestHandlers());
        t.client.setGlobalRequestHandlers(handlers);
    }

}
