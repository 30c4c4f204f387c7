package io.jdtail.sink.graphite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One connection to a plain TCP listener on 127.0.0.1 standing in for carbon. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CarbonConnectionTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration EVENT_LIMIT = Duration.ofSeconds(10);

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
            CarbonConnection connection = CarbonConnection.unconnected();
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
