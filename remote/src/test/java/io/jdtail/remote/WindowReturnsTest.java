package io.jdtail.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The window's bytes go back to the server a quarter of the window at a time, and none is kept back for longer. */
class WindowReturnsTest {

    private static final long WINDOW = 2 << 20;
    private static final long FRAME = 256 << 10;

    @Test
    void framesGoBackOnceAQuarterOfTheWindowIsOwed() {
        WindowReturns returns = new WindowReturns(WINDOW);
        assertThat(returns.taken(FRAME)).isZero();
        assertThat(returns.taken(FRAME)).isEqualTo(2 * FRAME);
        assertThat(returns.taken(FRAME)).isZero();
        assertThat(returns.taken(FRAME)).isEqualTo(2 * FRAME);
    }

    @Test
    void aFrameOfAQuarterOrMoreGoesBackAtOnceWithWhatWasOwed() {
        WindowReturns returns = new WindowReturns(WINDOW);
        assertThat(returns.taken(100)).isZero();
        assertThat(returns.taken(WINDOW)).isEqualTo(WINDOW + 100);
        assertThat(returns.taken(0)).isZero();
    }

    @Test
    void everyByteTakenGoesBackAndLessThanAQuarterIsEverOwed() {
        WindowReturns returns = new WindowReturns(WINDOW);
        long taken = 0;
        long returned = 0;
        for (int i = 1; i <= 1_000; i++) {
            long bytes = (i * 7_919L) % (300 << 10);   // frames of many sizes, small ones (a follow's) among them
            taken += bytes;
            returned += returns.taken(bytes);
            assertThat(taken - returned).isBetween(0L, WINDOW / 4 - 1);
        }
        assertThat(returned).isGreaterThan(0);
    }

    @Test
    void aTinyWindowStillReturnsEveryFrame() {
        WindowReturns returns = new WindowReturns(3);
        assertThat(returns.taken(1)).isEqualTo(1);
        assertThat(returns.taken(5)).isEqualTo(5);
    }
}
