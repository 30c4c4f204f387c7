package io.jdtail.clients;

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
 * The must-hold follow guarantee under load: 10,000 lines/s for 20 s (lines 0..199999, 100 lines
 * every 10 ms) into a file that is rotated meanwhile; dtail prints every line exactly once, in
 * order. Long (about 35 s and 25 s); runs in every build.
 */
@Tag("long")
class DtailRotationTest {

    static final int LINES = 200_000;
    static final int BATCH = 100;
    static final long BATCH_MILLIS = 10;

    @TempDir
    Path dir;

    /** End to end through the dtail command: two rotations by rename (app.log → app.log.1 → app.log.2). */
    @Test
    @Timeout(90)
    void everyLineExactlyOnceInOrderAcrossTwoRenameRotations() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "");
        InProcessDtail dtail = InProcessDtail.start("--plain", "--shutdownAfter", "36", f.toString());
        DtailFollowTest.syncWith(f, () -> dtail.out.lines().contains("marker"));

        RotatingWriter writer = new RotatingWriter(f, LINES, BATCH, BATCH_MILLIS, Set.of(70_000, 140_000),
                RotatingWriter.Rotation.RENAME);
        double seconds = writer.run();
        String last = RotatingWriter.line(LINES - 1);
        boolean arrived = dtail.out.await(l -> !l.isEmpty() && l.getLast().equals(last), Duration.ofSeconds(10));
        int status = dtail.awaitExit(Duration.ofSeconds(45));

        List<String> received = dtail.out.lines().stream().filter(l -> !l.equals("marker")).toList();
        assertThat(writer.events).hasSize(2);
        assertThat(Files.exists(dir.resolve("app.log.2"))).isTrue();
        assertThat(RotatingWriter.verify(received, LINES, received.size() + dtail.out.dropped()))
                .as("writer took %.1f s (%s); last line arrived: %s; dtail stderr: %s", seconds, writer.events, arrived,
                        dtail.err.text())
                .isNull();
        assertThat(status).as(dtail.err.text()).isZero();
        assertThat(dtail.err.text()).isEmpty();
    }

    /** One copytruncate (the writer pauses ~200 ms before and after it), driven through the FollowRunner. */
    @Test
    @Timeout(60)
    void everyLineExactlyOnceInOrderAcrossCopytruncate() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "");
        Follower follower = Follower.start(List.of(f.toString()));
        RotatingWriter writer = new RotatingWriter(f, LINES, BATCH, BATCH_MILLIS, Set.of(100_000),
                RotatingWriter.Rotation.COPYTRUNCATE);
        double seconds;
        boolean arrived;
        try {
            DtailFollowTest.syncWith(f, () -> follower.texts().contains("marker"));
            seconds = writer.run();
            String last = RotatingWriter.line(LINES - 1);
            arrived = follower.await(x -> x.lastText().equals(last), Duration.ofSeconds(10));
            Thread.sleep(1000); // anything printed twice after the last line would show now
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
