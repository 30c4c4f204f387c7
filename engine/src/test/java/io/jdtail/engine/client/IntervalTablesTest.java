package io.jdtail.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.testing.Engines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Partials go into the table of the interval they carry; a table is complete when every connected source's is in. */
class IntervalTablesTest {

    private final Plan plan = Engines.plan("select count(*) logformat testkv");
    private final List<IntervalTables.Table<String>> handedOn = new ArrayList<>();
    private final IntervalTables<String> tables = new IntervalTables<>(Engines.result(plan).kinds(), Duration.ofSeconds(1),
            handedOn::add);

    private PartialAggregate lines(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("k=" + i);
        }
        return Engines.aggregate(plan, l, 0, n);
    }

    private static FollowInterval upTo(long endSecond) {
        return new FollowInterval(Instant.ofEpochSecond(endSecond - 1), Instant.ofEpochSecond(endSecond), false);
    }

    @Test
    void aTableWaitsForEveryConnectedSourceHoweverLateItsPartialArrives() {
        tables.connected("a");
        tables.connected("b");
        tables.partial("a", upTo(10), lines(1));
        tables.partial("a", upTo(11), lines(2));
        assertThat(handedOn).as("b's partial of the interval ending at 10 is not in yet").isEmpty();

        tables.partial("b", upTo(10), lines(3));
        assertThat(handedOn).singleElement().satisfies(t -> {
            assertThat(t.end()).isEqualTo(Instant.ofEpochSecond(10));
            assertThat(t.from()).isEqualTo(Set.of("a", "b"));
            assertThat(t.merged().counters().lines).isEqualTo(4);
            assertThat(t.notes()).isEmpty();
        });
    }

    @Test
    void aLostSourceIsNotWaitedFor() {
        tables.connected("a");
        tables.connected("b");
        tables.partial("a", upTo(10), lines(1));
        tables.disconnected("b");
        assertThat(handedOn).singleElement().satisfies(t -> assertThat(t.from()).containsExactly("a"));
    }

    @Test
    void aConnectedButSilentSourceHoldsTheTablesForTwoIntervalsAtMost() {
        tables.connected("a");
        tables.connected("stuck");
        tables.partial("a", upTo(10), lines(1));
        tables.partial("a", upTo(11), lines(1));
        assertThat(handedOn).isEmpty();
        tables.partial("a", upTo(12), lines(1));
        assertThat(handedOn).extracting(IntervalTables.Table::end).containsExactly(Instant.ofEpochSecond(10));
    }

    @Test
    void aPartialForAnIntervalAlreadyHandedOnIsCountedInTheNextOneAndSaysSo() {
        tables.connected("a");
        tables.partial("a", upTo(10), lines(1));
        tables.connected("b");
        tables.partial("b", upTo(10), lines(5));
        tables.partial("a", upTo(11), lines(1));
        tables.partial("b", upTo(11), lines(1));
        assertThat(handedOn).hasSize(2);
        assertThat(handedOn.get(1).merged().counters().lines).as("nothing is lost").isEqualTo(7);
        assertThat(handedOn.get(1).notes()).singleElement().asString()
                .startsWith("b: its partial of the interval ending 1970-01-01T00:00:10Z");
    }

    @Test
    void aLastPartialBelongsToTheIntervalItWasCutFromAndFinishHandsOnTheRest() {
        tables.connected("a");
        tables.connected("b");
        tables.partial("a", new FollowInterval(Instant.ofEpochSecond(9), Instant.ofEpochMilli(9_400), true), lines(2));
        tables.partial("b", upTo(10), lines(1));
        assertThat(handedOn).as("a's last partial is its share of the interval ending at 10").singleElement()
                .satisfies(t -> assertThat(t.merged().counters().lines).isEqualTo(3));
        tables.partial("b", upTo(11), lines(1));
        tables.finish();
        assertThat(handedOn).extracting(IntervalTables.Table::end)
                .containsExactly(Instant.ofEpochSecond(10), Instant.ofEpochSecond(11));
    }

    @Test
    void aTableOfCutShortPartialsOnlyEndsWhereTheLatestOfThemEnded() {
        tables.connected("a");
        tables.connected("b");
        tables.partial("a", new FollowInterval(Instant.ofEpochSecond(9), Instant.ofEpochMilli(9_050), true), lines(1));
        tables.partial("b", new FollowInterval(Instant.ofEpochSecond(9), Instant.ofEpochMilli(9_070), true), lines(1));
        assertThat(handedOn).singleElement().satisfies(t -> {
            assertThat(t.start()).isEqualTo(Instant.ofEpochSecond(9));
            assertThat(t.end()).as("a short interval, not the whole one ending at 10").isEqualTo(Instant.ofEpochMilli(9_070));
            assertThat(t.merged().counters().lines).isEqualTo(2);
        });
    }

    @Test
    void aFollowStoppedRightOnABoundaryEndsWithoutALateNote() {
        tables.connected("a");
        tables.partial("a", upTo(10), lines(1));
        // the run stopped at the boundary its tick had just handed on: an empty last partial of the next interval
        tables.partial("a", new FollowInterval(Instant.ofEpochSecond(10), Instant.ofEpochSecond(10), true), lines(0));
        tables.finish();
        assertThat(handedOn).flatExtracting(IntervalTables.Table::notes).as("nothing came late").isEmpty();
        assertThat(handedOn).extracting(t -> t.merged().counters().lines).containsExactly(1L, 0L);
    }
}
