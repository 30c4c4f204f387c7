package io.jdtail.logging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTextTest {

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertThat(ClientText.escape("a.log\nINFO forged\r\u001b]0;title\u0007\u0000\u2028end"))
                .isEqualTo("a.log\\nINFO forged\\r\\x1b]0;title\\x07\\x00\\u2028end");
    }

    @Test
    void aBackslashTheClientTypedCannotPassForAnEscape() {
        assertThat(ClientText.escape("a\\nb")).isEqualTo("a\\\\nb");
    }

    @Test
    void plainTextAndOtherObjectsStayAsTheyAre() {
        assertThat(ClientText.escape("/var/log/ü日本.log")).isEqualTo("/var/log/ü日本.log");
        assertThat(ClientText.escape(List.of("a\nb", "c"))).isEqualTo("[a\\nb, c]");
        assertThat(ClientText.escape(null)).isEqualTo("null");
    }
}
