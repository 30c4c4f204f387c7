package io.jdtail.server.e2e;

import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw TCP connections that never authenticate (they do not even send an SSH identification) must not keep a
 * legitimate client out: they have limits of their own, in total and per source address, and do not count
 * against {@code MaxConnections}. The flood comes from 127.0.0.2, the legitimate client from 127.0.0.1.
 */
class UnauthenticatedFloodTest extends E2eServersTest {

    /** Idle sockets opened before the legitimate client starts: far over every limit (MaxConnections is 10). */
    static final int IDLE_SOCKETS = 200;
    /** Sockets opened on top while the legitimate client runs, as reconnecting attackers do. */
    static final int MORE_WHILE_RUNNING = 400;
    static final String FLOOD_ADDRESS = "127.0.0.2";

    final List<Socket> sockets = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /**
     * Opens a connection that never authenticates and waits until the server has taken it: its identification
     * line arrived, or the server closed the connection.
     */
    private void openIdle(Server server) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(FLOOD_ADDRESS, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port), (int) E2eServers.WAIT.toMillis());
        s.setSoTimeout((int) E2eServers.WAIT.toMillis());
        InputStream in = s.getInputStream();
        try {
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                // the server's "SSH-2.0-..." line
            }
        } catch (SocketException e) {
            // reset by the server: taken and closed
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not take a connection within " + E2eServers.WAIT, e);
        }
    }

    @Test
    void legitimateClientIsServedDuringAFloodOfUnauthenticatedConnections() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "served despite the flood\n");
        Server server = fixture.start("e2e-flooded");
        for (int i = 0; i < IDLE_SOCKETS; i++) {
            openIdle(server);
        }

        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicInteger opened = new AtomicInteger();
        Thread flood = Thread.ofPlatform().name("flood").start(() -> {
            try {
                while (!clientDone.get() && opened.get() < MORE_WHILE_RUNNING) {
                    openIdle(server);
                    opened.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Outcome o;
        try {
            o = E2eServers.execute(new DcatCommand(), fixture.remoteArgs(List.of(server), "--plain", log.toString()));
        } finally {
            clientDone.set(true);
            flood.join(E2eServers.WAIT);
        }
        assertThat(o.status()).as(o.toString()).isZero();
        assertThat(o.out()).isEqualTo("served despite the flood\n");
        assertThat(server.dserver.connectionCount()).as("authenticated connections").isLessThanOrEqualTo(1);
    }
}
