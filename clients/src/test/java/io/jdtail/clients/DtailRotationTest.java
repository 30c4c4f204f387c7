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
 * order. Long (about 22 s, the writer's time); runs in every build. The copytruncate case is
 * {@link DtailCopytruncateTest}: a class of its own, so that the two soaks run in the module's two
 * test JVMs at once rather than one after the other in one.
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
}
