package io.jdtail.sink.graphite;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One connection to a plain TCP listener on 127.0.0.1 standing in for carbon. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CarbonConnectionTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration EVENT_LIMIT = Duration.ofSeconds(10);
    private static final int CLOSE_ROUNDS = 30;
    private static final int RECONNECT_ROUNDS = 200;

    /**
     * Carbon crashed or hung up, and its end of the connection has reached this host (the socket is in CLOSE_WAIT),
     * but nothing has been written since. A write into such a socket succeeds (the peer answers it with a reset),
     * so the batch must be refused before it is written: the sender then keeps it and sends it on the next
     * connection. Before, the first batch after a carbon restart was lost whenever it was sent before the
     * connection's watcher had seen the hang-up.
     */
    @Test
    void aBatchSentAfterCarbonHungUpIsRefusedNotWrittenIntoTheVoid() throws Exception {
        try (ServerSocketChannel carbon = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            int port = ((InetSocketAddress) carbon.getLocalAddress()).getPort();
            CarbonConnection connection = CarbonConnection.unconnected(System::nanoTime);
            try {
                connection.connect(new GraphiteTarget("127.0.0.1", port), () -> { });
                int ourPort;
                try (SocketChannel accepted = carbon.accept()) {
                    ourPort = ((InetSocketAddress) accepted.getRemoteAddress()).getPort();
                } // carbon hangs up
                awaitCloseWait(ourPort);
                assertThrows(IOException.class, () -> connection.send(List.of("p.a.count 1 1700000000\n")));
            } finally {
                connection.close();
            }
        }
    }

    /**
     * Carbon froze (it accepts, its kernel takes a few bytes, the process never reads), so a send waits for room in
     * the kernel's buffer, and the sink is closed meanwhile. The send must fail with an IOException, which the sender
     * handles (the batch is counted as not sent). Before, when the closing had closed the send's selector by the time
     * the send woke up, it threw a ClosedSelectorException, which killed the sender's thread with a stack trace on
     * dserver's console: a race, lost in about 1 close of 12 here, so the test closes a number of sends.
     */
    @Test
    void closingWhileASendWaitsForAFrozenCarbonFailsTheSendWithAnIOException() throws Exception {
        try (ServerSocketChannel carbon = ServerSocketChannel.open()) {
            carbon.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // its connections take few bytes
            carbon.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = ((InetSocketAddress) carbon.getLocalAddress()).getPort();
            // more than the kernel's send and receive buffers of one loopback connection hold (4 MB at most)
            List<String> batch = Collections.nCopies(800, "p.a.count " + "7".repeat(8_000) + " 1700000000\n");
            for (int round = 0; round < CLOSE_ROUNDS; round++) {
                CarbonConnection connection = CarbonConnection.unconnected(System::nanoTime);
                try {
                    connection.connect(new GraphiteTarget("127.0.0.1", port), () -> { });
                    try (SocketChannel frozen = carbon.accept()) {
                        CompletableFuture<Throwable> sent = new CompletableFuture<>();
                        Thread sender = Thread.ofPlatform().name("test-sender").start(() -> {
                            try {
                                connection.send(batch);
                                sent.complete(null);
                            } catch (Throwable t) {
                                sent.complete(t);
                            }
                        });
                        awaitWaitingInASelector(sender, sent);
                        connection.close();
                        Throwable failure = sent.get(EVENT_LIMIT.toSeconds(), TimeUnit.SECONDS);
                        int r = round;
                        assertInstanceOf(IOException.class, failure, () -> "round " + r + ": the send ended with " + failure);
                    }
                } finally {
                    connection.close();
                }
            }
        }
    }

    /**
     * Carbon that hangs up on every connection, a few hundred times (a crash loop, a load balancer without a
     * backend): each connection is a socket, two selectors and a watcher thread, and all of them must go with it.
     */
    @Test
    void aConnectionLeavesNoFileDescriptorOrThreadBehind() throws Exception {
        try (ServerSocketChannel carbon = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            int port = ((InetSocketAddress) carbon.getLocalAddress()).getPort();
            GraphiteTarget target = new GraphiteTarget("127.0.0.1", port);
            long fdsBefore = openFileDescriptors();
            for (int round = 0; round < RECONNECT_ROUNDS; round++) {
                CountDownLatch gone = new CountDownLatch(1);
                CarbonConnection connection = CarbonConnection.unconnected(System::nanoTime);
                try {
                    connection.connect(target, gone::countDown);
                    carbon.accept().close();
                    if (!gone.await(EVENT_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
                        fail("round " + round + ": the hang-up was not seen within " + EVENT_LIMIT);
                    }
                } finally {
                    connection.close();
                }
            }
            for (Thread watcher : Thread.getAllStackTraces().keySet()) {
                if (watcher.getName().startsWith("graphite-watch-" + target)) {
                    assertTrue(watcher.join(EVENT_LIMIT), () -> watcher + " still runs after its connection was closed");
                }
            }
            long fdsAfter = openFileDescriptors();
            // a little slack for what the JVM itself opens meanwhile (a jar, a log)
            assertTrue(fdsAfter <= fdsBefore + 10, () -> "open file descriptors: " + fdsBefore + " before, " + fdsAfter
                    + " after " + RECONNECT_ROUNDS + " connections");
        }
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** An IPv6 target ({@code [::1]:port} parses to the host {@code ::1}): the lines arrive. */
    @Test
    void linesReachCarbonListeningOnIpv6Loopback() throws Exception {
        try (ServerSocketChannel carbon = ServerSocketChannel.open().bind(new InetSocketAddress("::1", 0))) {
            int port = ((InetSocketAddress) carbon.getLocalAddress()).getPort();
            try (CarbonConnection connection = CarbonConnection.unconnected(System::nanoTime)) {
                connection.connect(GraphiteTarget.parse("[::1]:" + port), () -> { });
                try (SocketChannel accepted = carbon.accept()) {
                    connection.send(List.of("p.a.count 1 1700000000\n", "p.b.count 2 1700000000\n"));
                    assertEquals("p.a.count 1 1700000000\np.b.count 2 1700000000\n", readExactly(accepted, 46));
                }
            }
        }
    }

    /**
     * Something at the target that talks (not carbon, or a proxy with a banner): what it sends is read and ignored, and
     * the connection stays up, rather than its bytes being taken for the end of the connection.
     */
    @Test
    void whatTheServerSaysIsIgnoredAndTheConnectionStaysUp() throws Exception {
        try (ServerSocketChannel carbon = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            int port = ((InetSocketAddress) carbon.getLocalAddress()).getPort();
            try (CarbonConnection connection = CarbonConnection.unconnected(System::nanoTime)) {
                connection.connect(new GraphiteTarget("127.0.0.1", port), () -> { });
                try (SocketChannel accepted = carbon.accept()) {
                    ByteBuffer chatter = ByteBuffer.wrap("hello\n".repeat(20_000).getBytes(US_ASCII));
                    while (chatter.hasRemaining()) {
                        accepted.write(chatter);
                    }
                    connection.send(List.of("p.a.count 1 1700000000\n"));
                    assertEquals("p.a.count 1 1700000000\n", readExactly(accepted, 23));
                    assertTrue(connection.isUp());
                }
            }
        }
    }

    /**
     * Carbon killed with lines unread in its buffer: its kernel resets the connection. The watcher sees it, and the
     * next send fails (its batch is kept for the next connection) instead of being written into the void.
     */
    @Test
    void aResetConnectionRefusesTheNextBatch() throws Exception {
        try (ServerSocketChannel carbon = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            int port = ((InetSocketAddress) carbon.getLocalAddress()).getPort();
            CountDownLatch gone = new CountDownLatch(1);
            try (CarbonConnection connection = CarbonConnection.unconnected(System::nanoTime)) {
                connection.connect(new GraphiteTarget("127.0.0.1", port), gone::countDown);
                try (SocketChannel accepted = carbon.accept()) {
                    connection.send(List.of("p.a.count 1 1700000000\n"));
                    readExactly(accepted, 1); // the line is in carbon's kernel, the rest of it unread
                } // closing with unread data resets the connection
                assertTrue(gone.await(EVENT_LIMIT.toNanos(), TimeUnit.NANOSECONDS), "the reset was not seen");
                assertFalse(connection.isUp());
                assertThrows(IOException.class, () -> connection.send(List.of("p.a.count 2 1700000001\n")));
            }
        }
    }

    private static String readExactly(SocketChannel from, int bytes) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(bytes);
        while (into.hasRemaining()) {
            if (from.read(into) < 0) {
                fail("the connection ended after " + into.position() + " of " + bytes + " bytes");
            }
        }
        return new String(into.array(), US_ASCII);
    }

    /** Waits (bounded) until {@code sender} waits in a selector's select: the kernel's buffer is full. */
    private static void awaitWaitingInASelector(Thread sender, CompletableFuture<Throwable> sent) {
        long deadline = System.nanoTime() + EVENT_LIMIT.toNanos();
        for (int i = 0; i < 10_000 && System.nanoTime() < deadline && !sent.isDone(); i++) {
            for (StackTraceElement frame : sender.getStackTrace()) {
                if (frame.getClassName().endsWith("SelectorImpl") && frame.getMethodName().equals("doSelect")) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        fail("the send did not wait for room in the kernel's buffer within " + EVENT_LIMIT + " (ended: " + sent.getNow(null)
                + ", done: " + sent.isDone() + ")");
    }

    /** Waits (bounded) until the kernel has this host's end of a loopback connection in CLOSE_WAIT: the peer's FIN is in. */
    private static void awaitCloseWait(int localPort) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X ", localPort);
        long deadline = System.nanoTime() + EVENT_LIMIT.toNanos();
        for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
            // Java's sockets are IPv6 ones where the host has IPv6: 127.0.0.1 is then an IPv4-mapped address in tcp6
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String row : Files.readAllLines(Path.of(table))) {
                    String[] f = row.trim().split("\\s+");
                    // sl local_address rem_address st ...; 08 is CLOSE_WAIT
                    if (f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("08")) {
                        return;
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        fail("port " + localPort + " did not reach CLOSE_WAIT within " + EVENT_LIMIT);
    }
}
