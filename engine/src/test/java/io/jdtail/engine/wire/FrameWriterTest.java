package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A read-once plan's progress sends the lines batched so far at most every
 * {@link FrameWriter#FLUSH_INTERVAL_NANOS}; anything that ends or interrupts the
 * stream of lines (a problem, the final flush) sends them at once. The clock is set by hand.
 */
class FrameWriterTest {

    private static final long MS = 1_000_000L;

    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private long now = 0;
    private final FrameWriter emitter =
            new FrameWriter(new FrameCodec(null, wire, 0), false, () -> now);

    @Test
    void progressWithinTheIntervalKeepsTheLinesBatched() {
        line("first");
        now = 10 * MS;
        emitter.progress(1 << 20);
        now = 49 * MS;
        emitter.progress(1 << 20);
        assertThat(wire.size()).as("nothing sent before the interval is over").isZero();

        now = 50 * MS;
        emitter.progress(1 << 20);
        assertThat(lines()).containsExactly("first");
    }

    @Test
    void theIntervalCountsFromTheLastFlush() {
        now = 60 * MS;
        line("a");
        emitter.progress(1);
        assertThat(lines()).containsExactly("a");

        line("b");
        now = 100 * MS;
        emitter.progress(1);
        assertThat(lines()).as("only 40 ms since the last flush").containsExactly("a");
        now = 110 * MS;
        emitter.progress(1);
        assertThat(lines()).containsExactly("a", "b");
    }

    @Test
    void aProblemOrTheFinalFlushSendsThePendingLinesAtOnce() {
        line("before the problem");
        emitter.problem("x.log: permission denied");
        line("last");
        emitter.flush();
        assertThat(frames()).extracting(FrameCodec.Frame::type).containsExactly(FrameType.LINE, FrameType.ERROR, FrameType.LINE);
        assertThat(lines()).containsExactly("before the problem", "last");
    }

    /** Through the reader, as a client gets them: a follow partial with its interval, a read-once one without, then DONE. */
    @Test
    void partialsGoOutWithTheirIntervalAndTheReaderHandsThemOn() throws IOException {
        io.jdtail.engine.plan.Plan plan = io.jdtail.engine.testing.Engines.plan("select count(*) logformat testkv");
        io.jdtail.engine.aggregate.PartialAggregate partial = io.jdtail.engine.testing.Engines.aggregate(plan, List.of("k=1"), 0, 1);
        io.jdtail.engine.execution.FollowInterval interval = new io.jdtail.engine.execution.FollowInterval(
                java.time.Instant.ofEpochSecond(9), java.time.Instant.ofEpochSecond(10), false);
        line("a line first");
        emitter.partial(partial, interval);
        emitter.partial(partial);
        emitter.done();

        List<Object> received = new ArrayList<>();
        FrameReader.Sink sink = new FrameReader.Sink() {
            @Override
            public void lines(LineBatch batch) {
                received.add("lines " + batch.count());
            }

            @Override
            public void separator() {
                received.add("separator");
            }

            @Override
            public void partial(PartialFrame p) {
                received.add(p.interval());
            }

            @Override
            public void stats(Messages.Stats stats) {
                received.add(stats);
            }

            @Override
            public void problem(String message) {
                received.add(message);
            }
        };
        List<Boolean> done = new ArrayList<>();
        for (FrameCodec.Frame f : frames()) {
            done.add(FrameReader.dispatch(f, sink));
        }
        assertThat(received).containsExactly("lines 1", java.util.Optional.of(interval), java.util.Optional.empty());
        assertThat(done).containsExactly(false, false, false, true);
    }

    private void line(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        emitter.line("app.log", 0, bytes, 0, bytes.length, true);
    }

    private List<FrameCodec.Frame> frames() {
        try {
            FrameCodec reader = new FrameCodec(new ByteArrayInputStream(wire.toByteArray()), null, Integer.MAX_VALUE);
            List<FrameCodec.Frame> frames = new ArrayList<>();
            for (FrameCodec.Frame f; (f = reader.read()) != null; ) {
                frames.add(f);
            }
            return frames;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (FrameCodec.Frame f : frames()) {
            if (f.type() == FrameType.LINE) {
                try {
                    for (Messages.Line l : LineBatch.read(f.payload()).toList()) {
                        lines.add(new String(l.bytes(), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return lines;
    }
}
