package io.jdtail.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A followed path through rename rotations, with a reader that polls only now and then (as dserver's
 * reader does while it waits for its client): every file that took the path is read, in order, even one
 * rotated away again before the reader got to it.
 */
class FollowedFileTest {


    @TempDir
    Path dir;
    private final LineReader reader = new LineReader(1024, 4096);
    private final List<String> lines = new ArrayList<>();
    private FollowedFile followed;
    /** The drain's clock, moved on by hand. */
    private final long[] drainNanos = {0};

    @AfterEach
    void tearDown() {
        if (followed != null) {
            followed.close();
        }
    }

    @Test
    void aFileRotatedAwayBeforeItsTurnIsStillReadInFull() throws Exception {
        Path log = dir.resolve("app.log");
        write(log, "a", 3);
        followed = follow(log);
        poll();
        assertThat(lines).containsExactly("a0", "a1", "a2");

        // the first rotation: a poll sees file b at the path while file a is still being drained
        rotate(log);
        write(log, "b", 3);
        poll();
        assertThat(followed.behind()).as("nothing to read before a's drain is over: no reason to poll at once").isFalse();
        // the second rotation comes before a has been quiet long enough to be given up for b
        rotate(log);
        write(log, "c", 3);

        pollUntil(() -> lines.contains("c2"), "the lines of the file now at the path");
        assertThat(lines).containsExactly("a0", "a1", "a2", "b0", "b1", "b2", "c0", "c1", "c2");
    }

    @Test
    void aPollReadsAChunkAtMostAndSaysThatMoreIsThere() throws Exception {
        Path log = dir.resolve("big.log");
        int count = 3 * FollowedFile.READ_CHUNK / 100;
        write(log, "x".repeat(90) + "-", count);
        followed = follow(log);

        long first = followed.poll(reader, this::collect);
        assertThat(first).isPositive().isLessThanOrEqualTo(FollowedFile.READ_CHUNK);
        assertThat(followed.behind()).isTrue();
        for (int i = 0; i < 10 && followed.behind(); i++) {
            poll();
        }
        assertThat(followed.behind()).isFalse();
        assertThat(lines).hasSize(count);
        assertThat(lines.getLast()).endsWith("-" + (count - 1));
    }

    @Test
    void whatACopytruncateTakesAwayBeforeItIsReadIsCounted() throws Exception {
        Path log = dir.resolve("copied.log");
        write(log, "y".repeat(90) + "-", 3 * FollowedFile.READ_CHUNK / 100);
        followed = follow(log);
        long read = followed.poll(reader, this::collect);
        long size = Files.size(log);
        assertThat(read).isLessThan(size);

        try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        write(log, "n", 2);
        poll();
        assertThat(followed.takeTruncatedUnread()).as("bytes truncated away unread").isEqualTo(size - read);
        assertThat(followed.takeTruncatedUnread()).as("counted once").isZero();
        assertThat(lines).endsWith("n0", "n1");
    }

    /** Lines with their positions, for a handler that takes first lines as headers. */
    private final List<String> positioned = new ArrayList<>();

    private final LineHandler headerReader = new LineHandler() {
        @Override
        public void line(byte[] buf, int off, int len, long offset, boolean terminated) {
            positioned.add(offset + ":" + new String(buf, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public boolean readsFirstLine() {
            return true;
        }

        /** Asks for more after a blank line, as logformat auto does. */
        @Override
        public boolean headLine(byte[] buf, int off, int len) {
            positioned.add("head:" + new String(buf, off, len, StandardCharsets.UTF_8));
            return len == 0;
        }
    };

    @Test
    void aFileFollowedFromItsEndGivesItsFirstLineOnceToAHandlerThatReadsFirstLines() throws Exception {
        Path log = dir.resolve("t.csv");
        Files.writeString(log, "k,v\nold,1\n");
        followed = FollowedFile.follow((FileGate.OpenedFile) FileGate.PROCESS.open(log), FileGate.PROCESS, 1024, true,
                () -> drainNanos[0]);
        write(log, "n", 1);
        long read = followed.poll(reader, headerReader);
        write(log, "m", 1);
        read += followed.poll(reader, headerReader);
        assertThat(positioned).containsExactly("head:k,v", "10:n0", "13:m0");
        assertThat(read).as("only what was appended is read; the first line was there before").isEqualTo(6);
    }

    @Test
    void aFileFollowedFromItsEndGivesItsFirstLinesWhileTheHandlerAsksForMoreButNoneFromBeyondItsStartPoint()
            throws Exception {
        Path log = dir.resolve("blank-start.log");
        Files.writeString(log, "\n\n{\"k\":1}\nold=1\n");
        followed = FollowedFile.follow((FileGate.OpenedFile) FileGate.PROCESS.open(log), FileGate.PROCESS, 1024, true,
                () -> drainNanos[0]);
        write(log, "n", 1);
        followed.poll(reader, headerReader);
        assertThat(positioned).as("the handler stops asking at its first non-blank line")
                .containsExactly("head:", "head:", "head:{\"k\":1}", "16:n0");

        Path blank = dir.resolve("only-blank.log");
        Files.writeString(blank, "\n\n");
        positioned.clear();
        followed = FollowedFile.follow((FileGate.OpenedFile) FileGate.PROCESS.open(blank), FileGate.PROCESS, 1024, true,
                () -> drainNanos[0]);
        write(blank, "n", 1);
        followed.poll(reader, headerReader);
        assertThat(positioned).as("the appended line is no head line").containsExactly("head:", "head:", "2:n0");
    }

    @Test
    void aFileFollowedFromItsEndGivesNoFirstLineToAHandlerThatDoesNotAskForIt() throws Exception {
        Path log = dir.resolve("t.log");
        Files.writeString(log, "first\n");
        followed = FollowedFile.follow((FileGate.OpenedFile) FileGate.PROCESS.open(log), FileGate.PROCESS, 1024, true,
                () -> drainNanos[0]);
        write(log, "n", 1);
        poll();
        assertThat(lines).containsExactly("n0");
    }

    @Test
    void afterACopytruncateTheNewFirstLineIsAtPositionZero() throws Exception {
        Path log = dir.resolve("t.csv");
        Files.writeString(log, "k,v\na,1\n");
        followed = follow(log);
        followed.poll(reader, headerReader);
        try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        Files.writeString(log, "v,k\n");
        followed.poll(reader, headerReader);
        assertThat(positioned).containsExactly("0:k,v", "4:a,1", "0:v,k");
    }

    @Test
    void aLineLongerThanTheMaximumStillBeingWrittenComesAsPiecesThenItsLastPieceAsTheLine() throws Exception {
        Path log = dir.resolve("t.log");
        Files.writeString(log, "");
        followed = follow(log);
        List<String> calls = new ArrayList<>();
        LineHandler handler = new LineHandler() {
            @Override
            public void line(byte[] buf, int off, int len, long offset, boolean terminated) {
                calls.add("line " + offset + "+" + len + (terminated ? "" : " unterminated"));
            }

            @Override
            public void piece(byte[] buf, int off, int len, long offset) {
                calls.add("piece " + offset + "+" + len);
            }
        };
        // two whole pieces are there to be read; the rest of the line waits for more
        Files.writeString(log, "x".repeat(2100), StandardOpenOption.APPEND);
        followed.poll(reader, handler);
        Files.writeString(log, "x".repeat(100) + "\nnext\n", StandardOpenOption.APPEND);
        followed.poll(reader, handler);
        assertThat(calls).containsExactly("piece 0+1024", "piece 1024+1024", "line 2048+152", "line 2201+4");
    }

    /** Follows {@code log} from its start, opened (as are the files that take its path later) as this process. */
    private FollowedFile follow(Path log) throws IOException {
        return FollowedFile.follow((FileGate.OpenedFile) FileGate.PROCESS.open(log), FileGate.PROCESS, 1024, false,
                () -> drainNanos[0]);
    }

    /** logrotate's rename rotation: .1 becomes .2, the log becomes .1; the writer then creates the log anew. */
    private static void rotate(Path log) throws IOException {
        Path one = log.resolveSibling(log.getFileName() + ".1");
        if (Files.exists(one)) {
            Files.move(one, log.resolveSibling(log.getFileName() + ".2"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(log, one);
    }

    private static void write(Path file, String prefix, int count) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(prefix).append(i).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void poll() throws IOException {
        followed.poll(reader, this::collect);
    }

    private void collect(byte[] buf, int off, int len, long offset, boolean terminated) {
        lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
    }

    /** Polls, as FollowRunner does, until {@code done}; the drain's quiet period passes between two polls. */
    private void pollUntil(BooleanSupplier done, String what) throws Exception {
        for (int i = 0; i < 100 && !done.getAsBoolean(); i++) {
            poll();
            drainNanos[0] += FollowedFile.DRAIN_QUIET_NANOS;
        }
        if (!done.getAsBoolean()) {
            throw new AssertionError("no " + what + " after 100 polls; got " + lines);
        }
    }
}
