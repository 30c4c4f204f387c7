package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LineBatchTest {

    /** The payload of one batch holding {@code lines} (all of one file). */
    static byte[] payload(Messages.Line... lines) {
        LineBatch.Writer w = new LineBatch.Writer();
        for (Messages.Line l : lines) {
            w.add(l.file(), l.number(), l.transmittedPercent(), l.terminated(), l.bytes(), 0, l.bytes().length);
        }
        return Arrays.copyOf(w.array(), w.size());
    }

    /** Splits lines into batches as a server does: a new batch at each change of file and whenever one is ready. */
    static List<byte[]> batches(List<Messages.Line> lines) {
        LineBatch.Writer w = new LineBatch.Writer();
        List<byte[]> out = new ArrayList<>();
        for (Messages.Line l : lines) {
            if (!w.accepts(l.file())) {
                out.add(Arrays.copyOf(w.array(), w.size()));
                w.clear();
            }
            w.add(l.file(), l.number(), l.transmittedPercent(), l.terminated(), l.bytes(), 0, l.bytes().length);
            if (w.ready()) {
                out.add(Arrays.copyOf(w.array(), w.size()));
                w.clear();
            }
        }
        if (!w.isEmpty()) {
            out.add(Arrays.copyOf(w.array(), w.size()));
        }
        return out;
    }

    @Property(tries = 200)
    void anyLinesSurviveBatchingInOrder(@ForAll("lines") List<Messages.Line> lines) throws ProtocolException {
        List<Messages.Line> back = new ArrayList<>();
        for (byte[] b : batches(lines)) {
            LineBatch batch = LineBatch.read(b);
            assertThat(batch.count()).isPositive();
            back.addAll(batch.toList());
        }
        assertThat(back).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Messages.Line want = lines.get(i);
            Messages.Line got = back.get(i);
            assertThat(got.file()).isEqualTo(want.file());
            assertThat(got.number()).isEqualTo(want.number());
            assertThat(got.transmittedPercent()).isEqualTo(want.transmittedPercent());
            assertThat(got.terminated()).isEqualTo(want.terminated());
            assertThat(got.bytes()).isEqualTo(want.bytes());
        }
    }

    @Provide
    Arbitrary<List<Messages.Line>> lines() {
        Arbitrary<Messages.Line> line = Combinators.combine(
                Arbitraries.of("/var/log/a.log", "/var/log/b.log", "/tmp/é ü.log"),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.integers().between(0, 100),
                Arbitraries.of(true, false),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                        .injectDuplicates(0.1)
                        .edgeCases(e -> e.add(new byte[70_000])))
                .as(Messages.Line::new);
        return line.list().ofMaxSize(800);
    }

    @Test
    void manyShortLinesMakeFewFrames() {
        List<Messages.Line> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add(new Messages.Line("/var/log/app.log", i + 1, 100, true, ("line number " + i).getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(batches(lines)).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void everyTruncationAndEveryExtensionIsRefused() {
        byte[] good = payload(new Messages.Line("f.log", 7, 100, true, "abc".getBytes(StandardCharsets.US_ASCII)),
                new Messages.Line("f.log", 8, 99, false, "de".getBytes(StandardCharsets.US_ASCII)));
        for (int cut = 0; cut < good.length; cut++) {
            byte[] shorter = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> LineBatch.read(shorter)).isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> LineBatch.read(Arrays.copyOf(good, good.length + 1)))
                .hasMessage("1 unexpected bytes at the end of a frame");
    }

    @Test
    void malformedHeadersAreRefusedWithAReason() {
        byte[] good = payload(new Messages.Line("f", 1, 100, true, new byte[4]));
        int count = 4 + 1;            // after the file name
        int pct = count + 4 + 8;      // after count and line number
        byte[] hugeCount = good.clone();
        hugeCount[count] = 0x7f;
        assertThatThrownBy(() -> LineBatch.read(hugeCount)).hasMessageContaining("lines that do not fit");
        byte[] badPct = good.clone();
        badPct[pct] = (byte) 101;
        assertThatThrownBy(() -> LineBatch.read(badPct)).hasMessage("a LINE frame has a malformed line header");
        byte[] longLine = good.clone();
        longLine[pct + 2 + 3] = 9;
        assertThatThrownBy(() -> LineBatch.read(longLine)).hasMessage("line length 9 does not fit its frame");
        byte[] longName = good.clone();
        longName[3] = 100;
        assertThatThrownBy(() -> LineBatch.read(longName)).hasMessageContaining("file name of 100 bytes does not fit");
    }
}
