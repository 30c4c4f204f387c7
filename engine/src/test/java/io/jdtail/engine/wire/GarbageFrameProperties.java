package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * A peer is untrusted: any bytes in any frame either decode or fail with a {@link ProtocolException} that
 * says what was wrong, never with another exception (a stack trace).
 */
class GarbageFrameProperties {

    /** A sink that takes every frame and keeps nothing. */
    static final FrameReader.Sink IGNORE = new FrameReader.Sink() {
        @Override
        public void lines(LineBatch batch) {
        }

        @Override
        public void separator() {
        }

        @Override
        public void partial(PartialFrame partial) {
        }

        @Override
        public void stats(Messages.Stats stats) {
        }

        @Override
        public void problem(String message) {
        }
    };

    @Property(tries = 2000)
    void aClientReadingGarbageFailsWithAMessage(@ForAll FrameType type, @ForAll @Size(max = 200) byte[] payload) {
        try {
            FrameReader.dispatch(new FrameCodec.Frame(type, payload), IGNORE);
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void aPartialFrameOfGarbageFailsWithAMessage(@ForAll @Size(max = 200) byte[] tail, @ForAll boolean withInterval) {
        byte[] payload = new byte[tail.length + 1];
        payload[0] = (byte) (withInterval ? 1 : 0);
        System.arraycopy(tail, 0, payload, 1, tail.length);
        try {
            PartialFrame.fromBytes(payload);
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void aServerReadingAGarbageRequestFailsWithAMessage(@ForAll @Size(max = 200) byte[] payload) {
        for (var decode : java.util.List.<ThrowingDecode>of(Messages::request, Messages::hello)) {
            try {
                decode.apply(payload);
            } catch (ProtocolException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingDecode {
        Object apply(byte[] payload) throws ProtocolException;
    }
}
