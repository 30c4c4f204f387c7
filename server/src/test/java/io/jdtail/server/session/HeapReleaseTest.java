package io.jdtail.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heap is released once per burst of reads, after the last of them ended and none started for
 * {@link HeapRelease#QUIET}. The checks scheduled for later are run here by hand, so no test waits.
 */
class HeapReleaseTest {

    private final List<Duration> delays = new ArrayList<>();
    private final List<Runnable> checks = new ArrayList<>();
    private int collections;
    private final HeapRelease release = new HeapRelease((delay, check) -> {
        delays.add(delay);
        checks.add(check);
    }, () -> collections++);

    @Test
    void theEndOfTheLastReadIsFollowedByOneCollectionAfterTheQuietSpell() {
        release.started();
        release.started();
        release.ended();
        assertThat(checks).as("another read is still running").isEmpty();
        release.ended();
        assertThat(delays).containsExactly(HeapRelease.QUIET);
        runChecks();
        assertThat(collections).isEqualTo(1);
    }

    @Test
    void aReadStartedDuringTheQuietSpellPutsTheCollectionOffUntilItEnds() {
        release.started();
        release.ended();
        release.started();
        runChecks();
        assertThat(collections).as("the burst goes on").isZero();
        release.ended();
        runChecks();
        assertThat(collections).isEqualTo(1);
    }

    @Test
    void aReadThatCameAndWentDuringTheQuietSpellLeavesTheCollectionToItsOwnCheck() {
        release.started();
        release.ended();
        release.started();
        release.ended();
        runChecks();
        assertThat(collections).as("only the check after the last read collects").isEqualTo(1);
    }

    private void runChecks() {
        List<Runnable> due = List.copyOf(checks);
        checks.clear();
        due.forEach(Runnable::run);
    }
}
