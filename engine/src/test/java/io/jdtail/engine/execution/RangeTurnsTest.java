package io.jdtail.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RangeTurnsTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void everyRangeIsTakenOnceInOrderByWhoeverComesFirst() {
        RangeTurns<String> turns = new RangeTurns<>(4, 2);
        assertThat(turns.claimIfNext(0)).isTrue();
        assertThat(turns.claimAhead()).isEqualTo(1);
        assertThat(turns.claimIfNext(1)).as("a helper has it").isFalse();
        assertThat(turns.claimIfNext(2)).isTrue();
        assertThat(turns.claimAhead()).isEqualTo(3);
        turns.shown();
        assertThat(turns.claimAhead()).as("every range is taken").isEqualTo(-1);
    }

    @Test
    void helpersWaitWhileTheirBoundOfRangesWaitsToBeShown() throws Exception {
        RangeTurns<String> turns = new RangeTurns<>(5, 2);
        assertThat(turns.claimAhead()).isEqualTo(0);
        assertThat(turns.claimAhead()).isEqualTo(1);
        FutureTask<Integer> third = new FutureTask<>(turns::claimAhead);
        Thread helper = Thread.ofPlatform().start(third);
        waitUntilWaiting(helper);
        assertThat(third).isNotDone();

        turns.held(0, "range 0");
        assertThat(turns.await(0)).isEqualTo("range 0");
        turns.shown();
        assertThat(third.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void theShowingThreadReadsAheadWhileItWaitsWithinTheSameBound() throws Exception {
        RangeTurns<String> turns = new RangeTurns<>(6, 3);
        assertThat(turns.claimIfNext(0)).isTrue();
        assertThat(turns.claimAhead()).isEqualTo(1);
        assertThat(turns.claimWhileWaiting(1)).as("range 1 is still being read").isEqualTo(2);
        assertThat(turns.claimWhileWaiting(1)).isEqualTo(3);
        assertThat(turns.claimWhileWaiting(1)).as("3 ranges are read ahead already").isEqualTo(-1);

        turns.held(1, "range 1");
        turns.shown();
        assertThat(turns.claimWhileWaiting(1)).as("range 1 is read: show it").isEqualTo(-1);
        assertThat(turns.claimAhead()).isEqualTo(4);
        turns.held(2, "range 2");
        turns.shown();
        assertThat(turns.claimWhileWaiting(3)).isEqualTo(5);
        assertThat(turns.claimWhileWaiting(3)).as("every range is taken").isEqualTo(-1);
    }

    @Test
    void aStopReleasesEveryWaitingHelperWithNoRange() throws Exception {
        RangeTurns<String> turns = new RangeTurns<>(5, 1);
        assertThat(turns.claimAhead()).isEqualTo(0);
        FutureTask<Integer> second = new FutureTask<>(turns::claimAhead);
        FutureTask<Integer> third = new FutureTask<>(turns::claimAhead);
        waitUntilWaiting(Thread.ofPlatform().start(second));
        waitUntilWaiting(Thread.ofPlatform().start(third));

        turns.stop();
        assertThat(second.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(third.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(turns.claimAhead()).isEqualTo(-1);
        assertThat(turns.claimWhileWaiting(0)).as("no reading ahead once stopped").isEqualTo(-1);
        assertThat(turns.claimIfNext(1)).as("the showing thread takes each range in its turn").isTrue();
    }

    @Test
    void aHelpersFailureReachesTheShowingThreadInTheRangesTurn() {
        RangeTurns<String> turns = new RangeTurns<>(3, 2);
        int k = turns.claimAhead();
        turns.failed(k, new IOException("disk gone"));
        assertThatThrownBy(() -> turns.await(k)).isInstanceOf(IOException.class).hasMessage("disk gone");
        int j = turns.claimAhead();
        turns.failed(j, new OutOfMemoryError("full"));
        assertThatThrownBy(() -> turns.await(j)).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("full");
    }

    /** Waits, bounded, until {@code thread} blocks (in the semaphore). */
    private static void waitUntilWaiting(Thread thread) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as("the helper did not block within " + BOUND).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
