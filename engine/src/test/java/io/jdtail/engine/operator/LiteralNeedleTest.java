package io.jdtail.engine.operator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which two bytes of a literal the scans look for first. */
class LiteralNeedleTest {

    @Test
    void theRarestByteAndOfEquallyRareSecondOnesTheFarthestFromIt() {
        LiteralNeedle needle = LiteralNeedle.of("upstream timeout".getBytes(UTF_8));
        assertThat(needle.rare()).isEqualTo((byte) 'p');
        assertThat(needle.rareIndex()).isEqualTo(1);
        // the m of "timeout", so that "upstream call" has no candidate
        assertThat(needle.pair()).isEqualTo((byte) 'm');
        assertThat(needle.pairIndex()).isEqualTo(11);
    }

    @Test
    void aOneByteLiteralLooksForThatByteTwice() {
        LiteralNeedle needle = LiteralNeedle.of(new byte[] {'x'});
        assertThat(needle.rareIndex()).isZero();
        assertThat(needle.pairIndex()).isZero();
    }

    @Test
    void aNonAsciiByteCountsAsRarest() {
        LiteralNeedle needle = LiteralNeedle.of("café au lait".getBytes(UTF_8));
        assertThat(needle.rareIndex()).isEqualTo(3);
    }
}
