package io.jdtail.server.e2e;

import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.remote.ServerAddress;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.ssh.SessionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dcat | less} left alone: the client stops reading for longer than the server's window wait, then reads
 * on. The read-once request waits for it (the client is alive: its session answers keep-alives) and not a byte
 * is lost or cut. MINA's own window wait is set to 300 ms here (system property), as short as the window wait of
 * dserver (300 ms instead of 30 s); the stall lasts until dserver has waited six times that long,
 * while dserver's heartbeats (every 200 ms, 5 may go unanswered) would cut a client that stopped answering.
 */
class SlowReaderTest extends E2eServersTest {

    static final Duration WINDOW_WAIT = Duration.ofMillis(300);
    static final String MINA_WINDOW_WAIT = "org.apache.sshd.config.channel-output-wait-for-space-timeout";

    String savedMinaWait;

    @BeforeEach
    void setUp() throws Exception {
        savedMinaWait = System.getProperty(MINA_WINDOW_WAIT);
        System.setProperty(MINA_WINDOW_WAIT, Long.toString(WINDOW_WAIT.toMillis()));
    }

    @AfterEach
    void tearDown() {
        if (savedMinaWait == null) {
            System.clearProperty(MINA_WINDOW_WAIT);
        } else {
            System.setProperty(MINA_WINDOW_WAIT, savedMinaWait);
        }
    }

    @Test
    void clientThatStopsReadingLongerThanTheWindowWaitGetsEveryByte() throws Exception {
        // 8 MB: far more than the SSH window (2 MB) and the socket buffers, so the server must wait for the client
        Path log = E2eServers.genlog(dir.resolve("app.log"), 8, 21, "web1");
        // heartbeats every 200 ms, a client that leaves 5 unanswered is cut: the stall (6 window waits, 1.8 s at
        // least) outlasts that, so the run only ends well if the stalled client went on answering them
        Server server = fixture.start("e2e-slow-reader", "", h -> h,
                o -> o.withWindowWait(WINDOW_WAIT).withHeartbeat(Duration.ofMillis(200), 5));

        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RecordingSink stalling = new RecordingSink() {
            @Override
            public void lines(ServerAddress s, LineBatch batch) {
                super.lines(s, batch);
                firstBatch.countDown();
                try {
                    resume.await();     // the reader stops here, as a pager whose user walked away
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicReference<Map<ServerAddress, String>> failures = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread client = Thread.ofPlatform().name("slow-reader").start(() -> {
            try {
                failures.set(fixture.run(fixture.settings(), stalling, List.of(server), E2eServers.cat(log.toString())));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        try {
            E2eServers.await(firstBatch, E2eServers.WAIT, "the first lines");
            E2eServers.await(() -> server.dserver.clientStalls() >= 6 || !client.isAlive(), E2eServers.WAIT,
                    "dserver to wait six window waits for the stalled reader");
            assertThat(client.isAlive()).as("the run is still going while the reader is stalled").isTrue();
        } finally {
            resume.countDown();
        }
        client.join(E2eServers.WAIT);
        assertThat(client.isAlive()).as("the run ended").isFalse();
        assertThat(thrown.get()).isNull();
        assertThat(failures.get()).as("failures").isEmpty();
        assertThat(stalling.problems).isEmpty();
        assertThat(stalling.plainBytes(server)).as("every byte, in order").isEqualTo(Files.readAllBytes(log));
    }

    /**
     * A stream that ends inside a frame (a server that died mid-write) is an error that names the server and says
     * the output is cut; the lines of complete frames are shown, nothing of the cut one.
     */
    @Test
    void streamCutInsideAFrameIsAnErrorNamingTheServer() throws Exception {
        Path log = Files.writeString(dir.resolve("cut.log"), "unused\n");
        Server cutting = fixture.start("e2e-cutting", "", h -> (SessionHandler) ch -> {
            FrameCodec codec = new FrameCodec(ch.in(), ch.out(), 1 << 20);
            codec.read();                                   // HELLO
            codec.read();                                   // REQUEST
            codec.write(FrameType.HELLO, Messages.hello(new Messages.Hello(FrameCodec.PROTOCOL, FrameCodec.VERSION)));
            codec.write(FrameType.LINE, batch("a complete line"));
            byte[] cut = batch("the line of the cut frame");
            DataOutputStream raw = new DataOutputStream(ch.out());
            raw.writeByte(FrameType.LINE.code());
            raw.writeInt(cut.length);
            raw.write(cut, 0, cut.length / 2);
            raw.flush();
        });
        Outcome o = E2eServers.execute(new DcatCommand(), fixture.remoteArgs(List.of(cutting), "--plain", log.toString()));
        assertThat(o.status()).as(o.toString()).isEqualTo(1);
        assertThat(o.stderr()).contains("ERROR|" + cutting.flag() + ": the server's output was cut")
                .doesNotContain("malformed");
        assertThat(o.out()).isEqualTo("a complete line\n");
    }

    private static byte[] batch(String line) {
        LineBatch.Writer w = new LineBatch.Writer();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        w.add("cut.log", 1, 100, true, bytes, 0, bytes.length);
        return Arrays.copyOf(w.array(), w.size());
    }
}
