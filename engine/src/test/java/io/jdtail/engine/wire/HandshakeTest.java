package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both sides of the greeting, and the server's deadline for the request, on a deadline list the test drives. */
class HandshakeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Deadlines kept in a list: the test looks at them and fires them. */
    private static final class ManualDeadlines implements Handshake.Deadlines {
        record Scheduled(Duration delay, Runnable action, boolean[] cancelled) {
        }

        final List<Scheduled> scheduled = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);

        @Override
        public Handshake.Deadline after(Duration wait, Runnable action) {
            Scheduled s = new Scheduled(wait, action, new boolean[1]);
            scheduled.add(s);
            first.countDown();
            return () -> s.cancelled()[0] = true;
        }
    }

    private final ManualDeadlines deadlines = new ManualDeadlines();
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();

    private static byte[] clientSends(FrameType type, byte[] payload, int version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameCodec codec = new FrameCodec(null, bytes, 0);
        codec.write(FrameType.HELLO, Messages.hello(new Messages.Hello(FrameCodec.PROTOCOL, version)));
        codec.write(type, payload);
        codec.flush();
        return bytes.toByteArray();
    }

    private FrameCodec server(byte[] fromClient) {
        return new FrameCodec(new ByteArrayInputStream(fromClient), answer, 1 << 20);
    }

    private List<FrameCodec.Frame> answered() throws IOException {
        FrameCodec reader = new FrameCodec(new ByteArrayInputStream(answer.toByteArray()), null, 1 << 20);
        List<FrameCodec.Frame> frames = new ArrayList<>();
        for (FrameCodec.Frame f; (f = reader.read()) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void theServerAnswersTheGreetingAndHandsOnTheRequestWithinItsDeadline() throws Exception {
        byte[] request = {1, 2, 3};
        FrameCodec.Frame asked = Handshake.accept(server(clientSends(FrameType.REQUEST, request, FrameCodec.VERSION)),
                deadlines, TIMEOUT, () -> { });

        assertThat(asked.type()).isEqualTo(FrameType.REQUEST);
        assertThat(asked.payload()).isEqualTo(request);
        List<FrameCodec.Frame> frames = answered();
        assertThat(frames).hasSize(1);
        Handshake.checkServerHello(frames.getFirst());
        assertThat(deadlines.scheduled).singleElement().satisfies(s -> {
            assertThat(s.delay()).isEqualTo(TIMEOUT);
            assertThat(s.cancelled()[0]).as("the request came: the deadline is off").isTrue();
        });
    }

    @Test
    void theServerRefusesAnotherVersionSayingBoth() {
        assertThatThrownBy(() -> Handshake.accept(server(clientSends(FrameType.REQUEST, new byte[0], 3)), deadlines, TIMEOUT,
                () -> { })).isInstanceOf(ProtocolException.class).hasMessage("client speaks jdtail 3, this server jdtail 6");
        assertThat(deadlines.scheduled.getFirst().cancelled()[0]).isTrue();
    }

    @Test
    void theServerRefusesAFirstFrameThatIsNotAGreeting() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new FrameCodec(null, bytes, 0).write(FrameType.REQUEST, new byte[0]);
        new FrameCodec(null, bytes, 0).flush();
        assertThatThrownBy(() -> Handshake.accept(server(bytes.toByteArray()), deadlines, TIMEOUT, () -> { }))
                .isInstanceOf(ProtocolException.class).hasMessage("expected a HELLO frame first, got REQUEST");
    }

    /** The client that sends nothing: when the deadline fires, its action ends the channel, which ends the read. */
    @Test
    void aSilentClientIsEndedWhenTheDeadlineFires() throws Exception {
        java.io.PipedOutputStream client = new java.io.PipedOutputStream();
        java.io.PipedInputStream in = new java.io.PipedInputStream(client);
        boolean[] ended = new boolean[1];
        Runnable endChannel = () -> {
            ended[0] = true;
            try {
                client.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        java.util.concurrent.CompletableFuture<FrameCodec.Frame> accepted = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Handshake.accept(new FrameCodec(in, answer, 1 << 20), deadlines, TIMEOUT, endChannel);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(deadlines.first.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the deadline is set").isTrue();
        assertThat(deadlines.scheduled).singleElement().satisfies(s -> assertThat(s.delay()).isEqualTo(TIMEOUT));

        deadlines.scheduled.getFirst().action().run();

        assertThat(accepted.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("no request").isNull();
        assertThat(ended[0]).isTrue();
    }

    @Test
    void theClientChecksTheServersGreeting() throws Exception {
        Handshake.checkServerHello(new FrameCodec.Frame(FrameType.HELLO,
                Messages.hello(new Messages.Hello(FrameCodec.PROTOCOL, FrameCodec.VERSION))));
        assertThatThrownBy(() -> Handshake.checkServerHello(new FrameCodec.Frame(FrameType.HELLO,
                Messages.hello(new Messages.Hello(FrameCodec.PROTOCOL, 3)))))
                .isInstanceOf(ProtocolException.class).hasMessage("the server speaks jdtail 3, this client jdtail 6");
        assertThatThrownBy(() -> Handshake.checkServerHello(new FrameCodec.Frame(FrameType.ERROR,
                Messages.text("refused: client speaks jdtail 9, this server jdtail 4"))))
                .isInstanceOf(ProtocolException.class).hasMessage("refused: client speaks jdtail 9, this server jdtail 4");
        assertThatThrownBy(() -> Handshake.checkServerHello(null))
                .isInstanceOf(ProtocolException.class).hasMessage("the server did not answer with a jdtail greeting");
        assertThatThrownBy(() -> Handshake.checkServerHello(new FrameCodec.Frame(FrameType.LINE, new byte[0])))
                .isInstanceOf(ProtocolException.class).hasMessage("the server did not answer with a jdtail greeting");
    }
}
