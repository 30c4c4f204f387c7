package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.execution.SplitLines;
import io.jdtail.engine.plan.PlanRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    static byte[] frames(FrameCodec.Frame... frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameCodec out = new FrameCodec(null, bytes, 1 << 20);
        for (FrameCodec.Frame f : frames) {
            out.write(f.type(), f.payload());
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void framesAndMessagesRoundTrip() throws IOException {
        PlanRequest request = new PlanRequest(PlanRequest.Mode.GREP, List.of("/var/log/*.log", "a,b"), "(?i:error)", true, 2, 3, 4,
                Optional.of("select count(*) from STATS"));
        byte[] lineBytes = {'a', 0, (byte) 0xff, '|', '\r'};
        byte[] stream = frames(
                new FrameCodec.Frame(FrameType.HELLO, Messages.hello(new Messages.Hello("jdtail", 1))),
                new FrameCodec.Frame(FrameType.REQUEST, Messages.request(request)),
                new FrameCodec.Frame(FrameType.LINE, LineBatchTest.payload(new Messages.Line("/x/app.log", 42, 97, false, lineBytes))),
                new FrameCodec.Frame(FrameType.STATS, Messages.stats(new Messages.Stats(10, 3, true))),
                new FrameCodec.Frame(FrameType.DONE, new byte[0]));
        FrameCodec in = new FrameCodec(new ByteArrayInputStream(stream), null, 1 << 20);

        assertThat(Messages.hello(in.read().payload())).isEqualTo(new Messages.Hello("jdtail", 1));
        assertThat(Messages.request(in.read().payload())).isEqualTo(request);
        Messages.Line line = LineBatch.read(in.read().payload()).toList().getFirst();
        assertThat(line.file()).isEqualTo("/x/app.log");
        assertThat(line.number()).isEqualTo(42);
        assertThat(line.transmittedPercent()).isEqualTo(97);
        assertThat(line.terminated()).isFalse();
        assertThat(line.bytes()).isEqualTo(lineBytes);
        assertThat(Messages.stats(in.read().payload())).isEqualTo(new Messages.Stats(10, 3, true));
        assertThat(in.read().type()).isEqualTo(FrameType.DONE);
        assertThat(in.read()).isNull();
    }

    @Test
    void statsCarryTheInputsWithSplitLinesAndRefuseAnAbsurdCountOfThem() throws IOException {
        Messages.Stats stats = new Messages.Stats(0, 0, false, List.of(
                new SplitLines.Input("/var/log/a.log", 1024, 1, 191), new SplitLines.Input("/var/log/b.log", 1024, 2, 5)));
        assertThat(Messages.stats(Messages.stats(stats))).isEqualTo(stats);
        byte[] absurd = Messages.stats(new Messages.Stats(0, 0, false));
        absurd[absurd.length - 4] = 0x7f;
        assertThatThrownBy(() -> Messages.stats(absurd)).isInstanceOf(ProtocolException.class)
                .hasMessage("a STATS frame may name at most 10000 inputs, not 2130706432");
    }

    @Test
    void aRequestSaysWhetherItsLinesAreNumbered() throws IOException {
        PlanRequest numbered = new PlanRequest(PlanRequest.Mode.GREP, List.of("a.log"), "x", false, 0, 0, 0, Optional.empty());
        assertThat(numbered.numbered()).isTrue();
        assertThat(Messages.request(Messages.request(numbered))).isEqualTo(numbered);
        assertThat(Messages.request(Messages.request(numbered.unnumbered())).numbered()).isFalse();
    }

    @Test
    void oversizedFramesAreRefusedBeforeAllocation() throws IOException {
        byte[] stream = frames(new FrameCodec.Frame(FrameType.REQUEST, new byte[2000]));
        FrameCodec in = new FrameCodec(new ByteArrayInputStream(stream), null, 1000);
        assertThatThrownBy(in::read).isInstanceOf(ProtocolException.class)
                .hasMessage("a REQUEST frame of 2000 bytes is larger than the 1000 allowed");
    }

    @Test
    void truncatedAndUnknownFramesAreProtocolErrors() throws IOException {
        byte[] stream = frames(new FrameCodec.Frame(FrameType.LINE, LineBatchTest.payload(new Messages.Line("f", 1, 100, true, new byte[10]))));
        for (int cut = 1; cut < stream.length; cut++) {
            FrameCodec in = new FrameCodec(new ByteArrayInputStream(Arrays.copyOf(stream, cut)), null, 1 << 20);
            assertThatThrownBy(in::read).isInstanceOf(ProtocolException.class);
        }
        FrameCodec unknown = new FrameCodec(new ByteArrayInputStream(new byte[] {99, 0, 0, 0, 0}), null, 100);
        assertThatThrownBy(unknown::read).hasMessage("unknown frame type 99");
    }

    @Test
    void malformedRequestsAreRefusedWithAReason() {
        byte[] good = Messages.request(PlanRequest.map(List.of("a.log"), "select count(*)"));
        assertThatThrownBy(() -> Messages.request(Arrays.copyOf(good, good.length - 2))).isInstanceOf(ProtocolException.class)
                .hasMessage("a frame ended early");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> Messages.request(longer)).hasMessage("1 unexpected bytes at the end of a frame");
        byte[] badMode = good.clone();
        badMode[0] = 9;
        assertThatThrownBy(() -> Messages.request(badMode)).hasMessage("unknown request mode 9");
        byte[] hugeCount = good.clone();
        hugeCount[1] = 0x7f;
        assertThatThrownBy(() -> Messages.request(hugeCount)).hasMessageStartingWith("a request may name at most 10000 files");
    }
}
