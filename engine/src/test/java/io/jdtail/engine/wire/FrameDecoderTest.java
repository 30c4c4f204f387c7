package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static byte[] stream(List<FrameCodec.Frame> frames) throws IOException {
        return FrameCodecTest.frames(frames.toArray(FrameCodec.Frame[]::new));
    }

    /** Feeds {@code stream} in pieces of {@code piece} bytes; every frame is taken as soon as it is whole. */
    private static List<FrameCodec.Frame> decode(byte[] stream, int piece, FrameDecoder decoder) throws ProtocolException {
        List<FrameCodec.Frame> frames = new ArrayList<>();
        for (int at = 0; at < stream.length; at += piece) {
            int end = Math.min(stream.length, at + piece);
            int off = at;
            while (off < end) {
                off += decoder.feed(stream, off, end - off);
                FrameCodec.Frame f = decoder.take();
                if (f != null) {
                    frames.add(f);
                }
            }
        }
        return frames;
    }

    @Property(tries = 300)
    void piecesOfAnySizeGiveTheFramesFrameCodecReads(@ForAll("frameLists") List<FrameCodec.Frame> frames,
                                                    @ForAll @IntRange(min = 1, max = 700) int piece) throws IOException {
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        List<FrameCodec.Frame> decoded = decode(stream(frames), piece, decoder);

        assertThat(decoded).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(decoded.get(i).type()).isEqualTo(frames.get(i).type());
            assertThat(decoded.get(i).payload()).isEqualTo(frames.get(i).payload());
        }
        assertThat(decoder.betweenFrames()).isTrue();
    }

    @Provide
    Arbitrary<List<FrameCodec.Frame>> frameLists() {
        Arbitrary<FrameCodec.Frame> frame = Combinators.combine(
                Arbitraries.of(FrameType.values()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1500)).as(FrameCodec.Frame::new);
        return frame.list().ofMaxSize(8);
    }

    @Test
    void aStreamCutInsideAFrameIsNotBetweenFrames() throws IOException {
        byte[] bytes = stream(List.of(new FrameCodec.Frame(FrameType.DONE, new byte[3])));
        for (int cut = 1; cut < bytes.length; cut++) {
            FrameDecoder decoder = new FrameDecoder(100);
            assertThat(decoder.feed(bytes, 0, cut)).isEqualTo(cut);
            assertThat(decoder.take()).isNull();
            assertThat(decoder.betweenFrames()).isFalse();
        }
    }

    @Test
    void oversizedAndUnknownFramesAreRefusedAtTheirHeader() {
        FrameDecoder decoder = new FrameDecoder(1000);
        byte[] oversized = {(byte) FrameType.REQUEST.code(), 0, 0, 7, (byte) 0xd0};
        assertThatThrownBy(() -> decoder.feed(oversized, 0, oversized.length)).isInstanceOf(ProtocolException.class)
                .hasMessage("a REQUEST frame of 2000 bytes is larger than the 1000 allowed");
        byte[] negative = {(byte) FrameType.LINE.code(), (byte) 0xff, 0, 0, 0};
        assertThatThrownBy(() -> new FrameDecoder(1000).feed(negative, 0, negative.length))
                .hasMessageContaining("a LINE frame of -16777216 bytes");
        assertThatThrownBy(() -> new FrameDecoder(1000).feed(new byte[] {99, 0, 0, 0, 0}, 0, 5))
                .hasMessage("unknown frame type 99");
    }

    @Test
    void feedStopsAtTheEndOfEachFrame() throws IOException {
        byte[] bytes = stream(List.of(new FrameCodec.Frame(FrameType.STATS, new byte[4]),
                new FrameCodec.Frame(FrameType.DONE, new byte[0])));
        FrameDecoder decoder = new FrameDecoder(100);
        assertThat(decoder.feed(bytes, 0, bytes.length)).isEqualTo(9);
        assertThat(decoder.take().type()).isEqualTo(FrameType.STATS);
        assertThat(decoder.feed(bytes, 9, bytes.length - 9)).isEqualTo(5);
        assertThat(decoder.take().type()).isEqualTo(FrameType.DONE);
    }
}
