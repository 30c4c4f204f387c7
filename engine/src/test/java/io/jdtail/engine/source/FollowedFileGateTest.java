package io.jdtail.engine.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file that takes a followed path after a rotation is opened through the gate, and only through it; a refused
 * one is not asked for at every poll ({@link RememberedRefusals}).
 */
class FollowedFileGateTest {

    /** Opens as the process, except the files whose content starts with "REFUSE"; counts what it is asked. */
    static final class CountingGate implements FileGate {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public Opened open(Path requested) {
            asked.incrementAndGet();
            try {
                if (Files.readString(requested, StandardCharsets.UTF_8).startsWith("REFUSE")) {
                    return new Refused(requested, "not allowed", false);
                }
            } catch (IOException e) {
                return new Refused(requested, "no such file", true);
            }
            return FileGate.PROCESS.open(requested);
        }
    }

    @Test
    void aRefusedSuccessorIsNotReadAndAskedForAgainOnlyWhenThePathNamesAnotherFileOrAfterAWhile(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "old 1\n");
        CountingGate gate = new CountingGate();
        long[] nanos = {0};
        FileGate remembering = new RememberedRefusals(gate, () -> nanos[0]);
        long[] drainNanos = {0};
        FollowedFile f = FollowedFile.follow((FileGate.OpenedFile) remembering.open(log), remembering, 1024, false,
                () -> drainNanos[0]);
        List<String> lines = new ArrayList<>();
        LineReader reader = new LineReader(1024);
        LineHandler collect = (buf, off, len, offset, t) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
        f.poll(reader, collect);
        assertThat(lines).containsExactly("old 1");

        Files.move(log, dir.resolve("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(log, "REFUSE this content\n");
        // the old file is drained until it is quiet (the drain's clock moves on by the quiet period each poll),
        // then the gate is asked for the new one
        String refusal = null;
        for (int i = 0; i < 10 && refusal == null; i++) {
            try {
                f.poll(reader, collect);
                drainNanos[0] += FollowedFile.DRAIN_QUIET_NANOS;
            } catch (FollowedFile.FileRefusedException e) {
                refusal = e.getMessage();
            }
        }
        assertThat(refusal).isEqualTo("not allowed");
        int asked = gate.asked.get();
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> f.poll(reader, collect)).isInstanceOf(FollowedFile.FileRefusedException.class);
        }
        assertThat(gate.asked.get()).as("asked again for the same refused file").isEqualTo(asked);
        assertThat(lines).containsExactly("old 1");
        // its permissions may have been fixed meanwhile: asked again after a while
        nanos[0] += RememberedRefusals.ASK_AGAIN_NANOS;
        assertThatThrownBy(() -> f.poll(reader, collect)).isInstanceOf(FollowedFile.FileRefusedException.class);
        assertThat(gate.asked.get()).isEqualTo(asked + 1);
        asked = gate.asked.get();

        Path next = Files.writeString(dir.resolve("app.log.new"), "new 1\n");
        Files.move(next, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        f.poll(reader, collect);
        assertThat(gate.asked.get()).isEqualTo(asked + 1);
        assertThat(lines).containsExactly("old 1", "new 1");
        f.close();
    }

    @Test
    void aRefusedPathWithNothingThereIsAskedForAgainWhenAFileAppears(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("later.log");
        AtomicInteger asked = new AtomicInteger();
        FileGate refusing = p -> {
            asked.incrementAndGet();
            return new FileGate.Refused(p, "not allowed", false);      // as for a path in a directory she cannot search
        };
        FileGate remembering = new RememberedRefusals(refusing, () -> 0);
        for (int i = 0; i < 10; i++) {
            assertThat(remembering.open(missing)).isInstanceOf(FileGate.Refused.class);
        }
        assertThat(asked.get()).isEqualTo(1);
        Files.writeString(missing, "there now\n");
        remembering.open(missing);
        assertThat(asked.get()).isEqualTo(2);
    }
}
