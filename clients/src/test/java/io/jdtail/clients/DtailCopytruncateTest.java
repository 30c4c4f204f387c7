package io.jdtail.clients;

import static io.jdtail.clients.DtailRotationTest.BATCH;
import static io.jdtail.clients.DtailRotationTest.BATCH_MILLIS;
import static io.jdtail.clients.DtailRotationTest.LINES;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold follow guarantee under load of {@link DtailRotationTest} (the same writer: 10,000 lines/s for
 * 20 s), across a copytruncate rotation. Long (about 22 s, the writer's time); runs in every build.
 */
@Tag("long")
class DtailCopytruncateTest {

    @TempDir
    Path dir;

    /** One copytruncate (the writer pauses ~200 ms before and after it), driven through the engine's follow. */
    @Test
    @Timeout(60)
    void everyLineExactlyOnceInOrderAcrossCopytruncate() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "");
        Follower follower = Follower.startInRealTime(List.of(f.toString()));
        RotatingWriter writer = new RotatingWriter(f, LINES, BATCH, BATCH_MILLIS, Set.of(100_000),
                RotatingWriter.Rotation.COPYTRUNCATE);
        double seconds;
        boolean arrived;
        try {
            DtailFollowTest.syncWith(f, d -> follower.await(x -> x.texts().contains("marker"), d));
            seconds = writer.run();
            String last = RotatingWriter.line(LINES - 1);
            arrived = follower.await(x -> x.lastText().equals(last), Duration.ofSeconds(10));
            follower.awaitPolls(50, Duration.ofSeconds(10)); // anything printed twice after the last line would show now
        } finally {
            follower.stop();
        }
        List<String> received = follower.texts().stream().filter(l -> !l.equals("marker")).toList();
        assertThat(Files.size(dir.resolve("app.log.1"))).as("the copy holds the first half").isGreaterThan(0);
        assertThat(RotatingWriter.verify(received, LINES, received.size() + follower.dropped()))
                .as("writer took %.1f s (%s); last line arrived: %s; problems: %s", seconds, writer.events, arrived,
                        follower.problems())
                .isNull();
        assertThat(follower.problems()).isEmpty();
    }
}
