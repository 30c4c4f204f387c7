package io.jdtail.server.ssh;

import org.apache.sshd.common.PropertyResolver;
import org.apache.sshd.common.channel.RemoteWindow;
import org.apache.sshd.server.channel.ChannelSession;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link WindowPacedOutput} hands MINA's channel stream: whole packets of the client's size while output fills
 * them, growing its buffer from {@link WindowPacedOutput#FIRST_BUFFER} to that size, and the rest at a flush.
 */
class WindowPacedOutputTest {

    private static final int PACKET = 256 * 1024 - 64;

    /** MINA's channel stream as WindowPacedOutput sees it: the sizes of the writes it gets, and their bytes. */
    private static final class ChannelStream extends OutputStream {
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(len);
            bytes.write(b, off, len);
        }
    }

    @Test
    void fillsTheClientsPackets() throws Exception {
        RemoteWindow window = new RemoteWindow(new ChannelSession(), false);
        window.init(64L * PACKET, PACKET, PropertyResolver.EMPTY);       // room for everything
        ChannelStream channel = new ChannelStream();
        WindowPacedOutput out = new WindowPacedOutput(channel, window, Duration.ofSeconds(1), () -> { }, "test");
        assertThat(out.bufferBytes()).as("before any output, as a follow keeps it").isEqualTo(WindowPacedOutput.FIRST_BUFFER);
        byte[] piece = new byte[10_000];
        int total = 0;
        for (int i = 0; i < 60; i++) {           // 600,000 bytes: two packets and a rest
            piece[0] = (byte) i;
            out.write(piece);
            total += piece.length;
        }
        assertThat(channel.writes).as("before the flush").containsExactly(PACKET, PACKET);
        assertThat(out.bufferBytes()).isEqualTo(PACKET);

        out.flush();
        assertThat(channel.writes).containsExactly(PACKET, PACKET, total - 2 * PACKET);
        assertThat(channel.bytes.size()).isEqualTo(total);
        assertThat(channel.bytes.toByteArray()[59 * piece.length]).isEqualTo((byte) 59);
    }
}
