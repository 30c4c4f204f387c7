package io.jdtail.clients.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.wire.LineBatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renderer on a terminal: what a log line holds is shown, never obeyed by the terminal. */
class VisibleControlsTest {

    private static String onTerminal(byte[] line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> problems = new ArrayList<>();
        LineRenderer r = new LineRenderer(out, "here", new LineStyle(false, false, true), problems::add);
        r.line("/var/log/app.log", 7, line, 0, line.length, true);
        r.flush();
        assertThat(problems).isEmpty();
        String all = out.toString(StandardCharsets.UTF_8);
        String prefix = "REMOTE|here|100|7|app.log|";
        assertThat(all).startsWith(prefix).endsWith("\n");
        return all.substring(prefix.length(), all.length() - 1);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void c0ControlsAndDelAreShownInCaretNotationTabStays() {
        assertThat(onTerminal("a\u001b]0;title\u0007b".getBytes(StandardCharsets.UTF_8))).isEqualTo("a^[]0;title^Gb");
        assertThat(onTerminal(bytes(0, 1, 8, '\t', 0x0b, 0x0c, '\r', 0x1f, 0x7f))).isEqualTo("^@^A^H\t^K^L^M^_^?");
    }

    @Test
    void utf8StaysReadableAndC1ControlsAreNamed() {
        assertThat(onTerminal("é ü ß 日本 ✓ 😀 \u00a0nbsp".getBytes(StandardCharsets.UTF_8))).isEqualTo("é ü ß 日本 ✓ 😀 \u00a0nbsp");
        // U+009B is a one-character CSI for terminals that take C1 controls; U+0085 is NEL
        assertThat(onTerminal("x\u009b2Jy\u0085z\u0080".getBytes(StandardCharsets.UTF_8))).isEqualTo("x<U+009B>2Jy<U+0085>z<U+0080>");
    }

    @Test
    void bytesThatAreNotUtf8AreShownAsHex() {
        // a raw 0x9B byte (8-bit CSI), a cut sequence, an overlong form, a surrogate, a lone continuation, 0xFF
        assertThat(onTerminal(bytes('a', 0x9b, 'b'))).isEqualTo("a<9B>b");
        assertThat(onTerminal(bytes(0xe2, 0x82))).isEqualTo("<E2><82>");
        assertThat(onTerminal(bytes(0xc0, 0xaf))).isEqualTo("<C0><AF>");
        assertThat(onTerminal(bytes(0xed, 0xa0, 0x80))).isEqualTo("<ED><A0><80>");
        assertThat(onTerminal(bytes(0xf4, 0x90, 0x80, 0x80, 0xff))).isEqualTo("<F4><90><80><80><FF>");
    }

    @Test
    void fileNamesFromServersAreShownVisiblyToo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineRenderer r = new LineRenderer(out, "here", new LineStyle(false, false, true), p -> { });
        byte[] line = "ok".getBytes(StandardCharsets.UTF_8);
        LineBatch.Writer batch = new LineBatch.Writer();
        batch.add("/logs/evil\u001b]0;x\u0007.log", 1, 100, true, line, 0, line.length);
        r.remoteLines("srv", LineBatch.read(java.util.Arrays.copyOf(batch.array(), batch.size())));
        r.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("REMOTE|srv|100|1|evil^[]0;x^G.log|ok\n");
    }

    @Test
    void plainAndPipedStylesWriteTheBytesUnchanged() {
        byte[] raw = bytes('a', 0x1b, '[', '2', 'J', 0x9b, 0xc2, 0x9b, 0xff, '\t', 0x7f);
        for (LineStyle style : List.of(new LineStyle(true, false, false), LineStyle.of(new Terminal(true, true), true))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LineRenderer r = new LineRenderer(out, "here", style, p -> { });
            r.line("f", 1, raw, 0, raw.length, false);
            r.flush();
            assertThat(out.toByteArray()).isEqualTo(raw);
        }
        assertThat(LineStyle.of(new Terminal(false, false), false).visibleControls()).isFalse();
        assertThat(LineStyle.of(new Terminal(true, false), false).visibleControls()).isTrue();
    }
}
