package io.jdtail.engine.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.execution.FollowInterval;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.testing.Engines;
import io.jdtail.engine.wire.PartialFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's half of a plan: one result of a read-once run, one result per interval of a follow query. */
class ClientExecutionTest {

    private final Plan plan = Engines.plan("select g, count(*) group by g order by count(*) limit 1 logformat testkv");

    private PartialAggregate partial(String... lines) {
        return Engines.aggregate(plan, List.of(lines), 0, lines.length);
    }

    private static List<String> cells(ResultTable table) {
        return table.rows().stream().flatMap(r -> r.stream().map(ResultTable.Cell::text)).toList();
    }

    @Test
    void aReadOnceRunMergesEveryPartialThenOrdersAndLimits() {
        ClientExecution<String> run = ClientExecution.readOnce(Engines.result(plan));
        run.partial("s1", PartialFrame.readOnce(partial("g=a", "g=b")));
        run.partial("s2", PartialFrame.readOnce(partial("g=a")));
        run.fromProcess("here", message -> { }, bytes -> { }).partial(partial("g=a"));
        // a read-once partial that says how long its read took is merged all the same
        run.partial("s3", PartialFrame.of(partial("g=b"), new FollowInterval(Instant.EPOCH, Instant.ofEpochSecond(1), true)));

        assertThat(cells(run.result(Instant.EPOCH))).containsExactly("a", "3");
        assertThat(run.counters().lines).isEqualTo(5);
    }

    @Test
    void aFollowQueryHandsOnEachCompleteIntervalAloneAndInTotal() {
        List<ClientExecution.Interval<String>> intervals = new ArrayList<>();
        ClientExecution<String> run = ClientExecution.following(Engines.result(plan), Duration.ofSeconds(1), intervals::add);
        run.connected("s1");
        run.connected("s2");
        run.partial("s1", PartialFrame.of(partial("g=b", "g=b"), upTo(1)));
        run.partial("s1", PartialFrame.of(partial("g=a", "g=a", "g=a"), upTo(2)));
        run.partial("s2", PartialFrame.of(partial("g=b"), upTo(1)));
        run.disconnected("s2");

        assertThat(intervals).hasSize(2);
        assertThat(cells(intervals.get(0).result())).containsExactly("b", "3");
        assertThat(cells(intervals.get(1).result())).containsExactly("a", "3");
        assertThat(intervals.get(1).result().time()).isEqualTo(Instant.ofEpochSecond(2));
        assertThat(intervals.get(1).total().rows()).as("limit 1 over a=3, b=3").hasSize(1);
        assertThat(run.counters().lines).isEqualTo(6);
        assertThatThrownBy(() -> run.partial("s1", PartialFrame.readOnce(partial("g=a"))))
                .hasMessage("sent a partial without its interval to a follow query; left out");
    }

    private static FollowInterval upTo(long endSecond) {
        return new FollowInterval(Instant.ofEpochSecond(endSecond - 1), Instant.ofEpochSecond(endSecond), false);
    }
}
