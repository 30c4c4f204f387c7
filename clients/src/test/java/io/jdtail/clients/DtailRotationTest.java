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
 * order. Long (about 22 s each, the writer's time); runs in every build.
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
        DtailFollowTest.syncWith(f, DtailFollowTest.marker(dtail));

        RotatingWriter writer = new RotatingWriter(f, LINES, BATCH, BATCH_MILLIS, Set.of(70_000, 140_000),
                RotatingWriter.Rotation.RENAME);
        double seconds = writer.run();
        // an end line after the writer's last: once it is shown, every line before it has been, and any line
        // shown twice (a file read again after its rotation) would be among them
        DtailFollowTest.append(f, "end\n");
        boolean arrived = dtail.out.await(l -> !l.isEmpty() && l.getLast().equals("end"), Duration.ofSeconds(10));
        int status = dtail.stopAndAwaitExit(Duration.ofSeconds(45));

        List<String> received = dtail.out.lines().stream().filter(l -> !l.equals("marker") && !l.equals("end")).toList();
        assertThat(writer.events).hasSize(2);
        assertThat(Files.exists(dir.resolve("app.log.2"))).isTrue();
        assertThat(RotatingWriter.verify(received, LINES, received.size() + dtail.out.dropped()))
                .as("writer took %.1f s (%s); last line arrived: %s; dtail stderr: %s", seconds, writer.events, arrived,
                        dtail.err.text())
                .isNull();
        assertThat(status).as(dtail.err.text()).isZero();
        assertThat(dtail.err.text()).isEmpty();
    }

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
