package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * dtail's follow semantics, as {@code tail -F}: it starts at the end, prints appended lines once
 * they are complete, picks up files (and glob matches) that appear later from their start, and
 * follows a file deleted and recreated. The first test runs the whole command; the others drive
 * the engine's FollowRunner with a stop flag so they end as soon as the lines are in.
 */
@Timeout(60)
class DtailFollowTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String HOST = HostContext.localHostName();

    @TempDir
    Path dir;

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Waits at most the given time for the follower to show a marker line. */
    @FunctionalInterface
    interface MarkerSeen {
        boolean within(Duration d) throws InterruptedException;
    }

    /**
     * Appends marker lines until the follower shows one (waiting for its output up to 50 ms after each): from
     * then on it is attached to the file's end, and whatever is appended next must be printed.
     */
    static void syncWith(Path file, MarkerSeen seen) throws Exception {
        for (int i = 0; i < 200; i++) {
            append(file, "marker\n");
            if (seen.within(Duration.ofMillis(50))) {
                return;
            }
        }
        throw new AssertionError("the follower printed none of 200 marker lines");
    }

    /** Waits for dtail to print a line that ends with "marker" (decorated lines end with it too). */
    static MarkerSeen marker(InProcessDtail dtail) {
        return d -> dtail.out.await(l -> l.stream().anyMatch(x -> x.endsWith("marker")), d);
    }

    @Test
    void dtailStartsAtTheEndAndPrintsAppendedLines() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "old 1\nold 2\nold 3 no newline yet");
        InProcessDtail dtail = InProcessDtail.start("--plain", "--shutdownAfter", "30", f.toString());
        syncWith(f, marker(dtail));
        append(f, "new 1\nnew 2\n");
        assertThat(dtail.out.awaitLine("new 2", WAIT)).as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        List<String> lines = dtail.out.lines();
        assertThat(lines).noneMatch(l -> l.startsWith("old"));
        // the first marker completes the line that had no newline when dtail started: only its tail is new
        assertThat(lines.stream().filter(l -> !l.endsWith("marker")).toList()).containsExactly("new 1", "new 2");
        assertThat(dtail.err.text()).isEmpty();
    }

    @Test
    void decoratedFollowOutputNumbersLinesFromWhereFollowingBegan() throws Exception {
        Path f = dir.resolve("numbered.log");
        Files.writeString(f, "old 1\nold 2\n");
        InProcessDtail dtail = InProcessDtail.start("--shutdownAfter", "30", "--regex", "new|marker", f.toString());
        syncWith(f, marker(dtail));
        int markers = (int) dtail.out.lines().stream().filter(l -> l.endsWith("marker")).count();
        append(f, "skip me\nnew line\n");
        assertThat(dtail.out.awaitContaining("new line", WAIT)).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        // line numbers count the lines read since following began (markers that arrived before attaching are not seen)
        String last = dtail.out.lines().getLast();
        assertThat(last).startsWith("REMOTE|" + HOST + "|100|").endsWith("|numbered.log|new line");
        long number = Long.parseLong(last.split("\\|")[3]);
        assertThat(number).isGreaterThanOrEqualTo(markers + 2);
    }

    @Test
    void aLineWrittenInTwoPartsIsPrintedOnceComplete() throws Exception {
        Path f = dir.resolve("partial.log");
        Files.writeString(f, "");
        Follower follower = Follower.start(List.of(f.toString()));
        try {
            follower.awaitAttached();
            append(f, "hel");
            follower.pollFor(Duration.ofMillis(400)); // many polls see the incomplete line
            assertThat(follower.texts()).noneMatch(t -> t.startsWith("hel"));
            append(f, "lo world\nsecond ");
            assertThat(follower.awaitText("hello world", WAIT)).as(follower.texts().toString()).isTrue();
            append(f, "line\n");
            assertThat(follower.awaitText("second line", WAIT)).isTrue();
        } finally {
            follower.stop();
        }
        assertThat(follower.texts().stream().filter(t -> !t.equals("marker")).toList()).containsExactly("hello world", "second line");
        assertThat(follower.lines()).allMatch(Follower.Line::terminated);
        assertThat(follower.problems()).isEmpty();
    }

    @Test
    void aFileCreatedLaterIsFollowedFromItsStart() throws Exception {
        Path f = dir.resolve("later.log");
        Follower follower = Follower.start(List.of(f.toString()));
        try {
            assertThat(follower.awaitProblem("later.log", WAIT)).as("a message that the file is not there yet").isTrue();
            follower.pollFor(Duration.ofMillis(200));
            Files.writeString(f, "first\nsecond\n");
            assertThat(follower.awaitText("second", WAIT)).as(follower.problems().toString()).isTrue();
            append(f, "third\n");
            assertThat(follower.awaitText("third", WAIT)).isTrue();
            follower.pollFor(Duration.ofMillis(300));
        } finally {
            follower.stop();
        }
        assertThat(follower.texts()).containsExactly("first", "second", "third");
        assertThat(follower.lines()).extracting(Follower.Line::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void dtailReportsAMissingFileOnceAndFollowsItWhenItAppears() throws Exception {
        Path f = dir.resolve("appears.log");
        InProcessDtail dtail = InProcessDtail.start("--plain", "--shutdownAfter", "2", f.toString());
        assertThat(dtail.err.awaitContaining("appears.log", WAIT)).isTrue();
        Files.writeString(f, "hello\n");
        assertThat(dtail.out.awaitLine("hello", WAIT)).as(dtail.err.text()).isTrue();
        int status = dtail.awaitExit(Duration.ofSeconds(15));
        assertThat(dtail.out.lines()).containsExactly("hello");
        // a file to wait for is no failure (tail -F): a warning, and the exit status of a normal follow
        assertThat(dtail.err.lines()).containsExactly(
                "CLIENT|" + HostContext.localHostName() + "|WARN|" + f + ": no such file (still watching for it)");
        assertThat(status).isZero();
    }

    @Test
    void aGlobMatchesAFileCreatedLater() throws Exception {
        Follower follower = Follower.start(List.of(dir.resolve("*.log").toString()));
        try {
            assertThat(follower.awaitProblem("matches no file", WAIT)).as(follower.problems().toString()).isTrue();
            follower.pollFor(Duration.ofMillis(200));
            Files.writeString(dir.resolve("other.txt"), "not matched\n");
            Files.writeString(dir.resolve("a.log"), "a first\na second\n");
            assertThat(follower.awaitText("a second", WAIT)).as("a file matching the glob later, read from its start")
                    .isTrue();
            Files.writeString(dir.resolve("b.log"), "b first\n");
            append(dir.resolve("a.log"), "a third\n");
            assertThat(follower.await(x -> x.texts().contains("b first") && x.texts().contains("a third"), WAIT))
                    .as(follower.texts().toString()).isTrue();
            follower.pollFor(Duration.ofMillis(300));
        } finally {
            follower.stop();
        }
        assertThat(follower.lines().stream().filter(l -> l.file().endsWith("a.log")).map(Follower.Line::text))
                .containsExactly("a first", "a second", "a third");
        assertThat(follower.lines().stream().filter(l -> l.file().endsWith("b.log")).map(Follower.Line::text))
                .containsExactly("b first");
        assertThat(follower.texts()).doesNotContain("not matched");
    }

    @Test
    void aFileDeletedAndRecreatedIsFollowedFromTheNewStart() throws Exception {
        Path f = dir.resolve("recreated.log");
        Files.writeString(f, "existing\n");
        Follower follower = Follower.start(List.of(f.toString()));
        try {
            follower.awaitAttached();
            append(f, "before delete\n");
            assertThat(follower.awaitText("before delete", WAIT)).isTrue();
            Files.delete(f);
            follower.pollFor(Duration.ofMillis(500));
            Files.writeString(f, "after 1\nafter 2\n");
            assertThat(follower.awaitText("after 2", WAIT)).as(follower.texts().toString()).isTrue();
            // recreated again at once, without a pause, with content of the same length
            Files.delete(f);
            Files.writeString(f, "again 1\nagain 2\n");
            assertThat(follower.awaitText("again 2", WAIT)).as(follower.texts().toString()).isTrue();
            append(f, "again 3\n");
            assertThat(follower.awaitText("again 3", WAIT)).isTrue();
            follower.pollFor(Duration.ofMillis(300));
        } finally {
            follower.stop();
        }
        assertThat(follower.texts().stream().filter(t -> !t.equals("marker")).toList())
                .containsExactly("before delete", "after 1", "after 2", "again 1", "again 2", "again 3");
        assertThat(follower.texts()).doesNotContain("existing");
    }

    /**
     * A rename rotation leaves the followed name missing for a moment; a rescan that falls into that moment
     * (here the gap is longer than the rescan period) is no problem to report (dtail prints the follower's
     * problems on stderr, and exits 1 when there are any).
     */
    @Test
    void nothingIsReportedWhileARotatedFileIsBrieflyMissing() throws Exception {
        Path f = dir.resolve("gap.log");
        Files.writeString(f, "");
        Follower follower = Follower.start(List.of(f.toString()));
        try {
            follower.awaitAttached();
            append(f, "before rotation\n");
            Files.move(f, dir.resolve("gap.log.1"));
            follower.pollFor(Duration.ofMillis(1500)); // longer than the follow's rescan period (1 s)
            Files.writeString(f, "after rotation\n");
            assertThat(follower.awaitText("after rotation", WAIT)).as(follower.problems().toString()).isTrue();
        } finally {
            follower.stop();
        }
        assertThat(follower.problems()).isEmpty();
        assertThat(follower.texts()).containsExactly("before rotation", "after rotation");
    }

    @Test
    void afterCopytruncateTheNewContentIsPrintedOnce() throws Exception {
        Path f = dir.resolve("truncated.log");
        Files.writeString(f, "");
        Follower follower = Follower.start(List.of(f.toString()));
        try {
            follower.awaitAttached();
            append(f, "before truncate\n");
            assertThat(follower.awaitText("before truncate", WAIT)).isTrue();
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(f, StandardOpenOption.WRITE)) {
                c.truncate(0);
            }
            follower.pollFor(Duration.ofMillis(200));
            append(f, "after 1\nafter 2\n");
            assertThat(follower.awaitText("after 2", WAIT)).as(follower.texts().toString()).isTrue();
            follower.pollFor(Duration.ofMillis(500)); // 25 polls: a line read twice would show now
            append(f, "after 3\n");
            assertThat(follower.awaitText("after 3", WAIT)).isTrue();
            follower.pollFor(Duration.ofMillis(300));
        } finally {
            follower.stop();
        }
        List<String> texts = follower.texts().stream().filter(t -> !t.equals("marker")).toList();
        assertThat(texts.subList(0, Math.min(texts.size(), 20))).as("%d lines in all", texts.size())
                .containsExactly("before truncate", "after 1", "after 2", "after 3");
    }

    @Test
    void aFileReplacedByRenameIsFollowedFromTheNewStart() throws Exception {
        Path f = dir.resolve("replaced.log");
        Files.writeString(f, "");
        Follower follower = Follower.start(List.of(f.toString()));
        try {
            follower.awaitAttached();
            append(f, "old last line without newline");
            Path tmp = dir.resolve("replaced.log.tmp");
            Files.writeString(tmp, "new 1\nnew 2\n");
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertThat(follower.awaitText("new 2", WAIT)).as(follower.texts().toString()).isTrue();
            follower.pollFor(Duration.ofMillis(300));
        } finally {
            follower.stop();
        }
        // the old file's unterminated last line is given out when the old file is left behind
        assertThat(follower.texts().stream().filter(t -> !t.equals("marker")).toList())
                .containsExactly("old last line without newline", "new 1", "new 2");
    }

    /**
     * dtail prints lines: when a rotated-away file ends without a newline, its last line is still
     * a line of its own on stdout, not glued to the new file's first line.
     */
    @Test
    void dtailPlainEndsTheLastLineOfARotatedFileWithoutNewline() throws Exception {
        Path f = dir.resolve("rotated.log");
        Files.writeString(f, "");
        InProcessDtail dtail = InProcessDtail.start("--plain", "--shutdownAfter", "30", f.toString());
        syncWith(f, marker(dtail));
        append(f, "old last line without newline");
        Files.move(f, dir.resolve("rotated.log.1"));
        Files.writeString(f, "new 1\nnew 2\n");
        assertThat(dtail.out.awaitContaining("new 2", WAIT)).as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        assertThat(dtail.out.lines().stream().filter(l -> !l.equals("marker")).toList())
                .containsExactly("old last line without newline", "new 1", "new 2");
    }

    /** With a filter, a matching piece of an over-long line is not glued to the next line shown. */
    @Test
    void dtailPlainDoesNotGlueAPieceOfAnOverlongLineToTheNextLine() throws Exception {
        Path f = dir.resolve("pieces.log");
        Files.writeString(f, "");
        InProcessDtail dtail = InProcessDtail.start("--plain", "--shutdownAfter", "30", "--maxLineLength", "100",
                "--regex", "a|marker", f.toString());
        syncWith(f, marker(dtail));
        append(f, "a" + "x".repeat(249) + "\na second\n");
        assertThat(dtail.out.awaitContaining("a second", WAIT)).as(dtail.out.text()).isTrue();
        assertThat(dtail.stopAndAwaitExit(Duration.ofSeconds(15))).as(dtail.err.text()).isZero();
        List<String> lines = dtail.out.lines().stream().filter(l -> !l.equals("marker")).toList();
        assertThat(lines).as(dtail.out.text()).contains("a second").allMatch(l -> l.length() <= 100);
    }

    @Test
    void overlongAppendedLinesArriveInPiecesThatRebuildTheLine() throws Exception {
        Path f = dir.resolve("long.log");
        Files.writeString(f, "");
        Follower follower = Follower.start(List.of(f.toString()), 100);
        String longLine = "x".repeat(250);
        try {
            follower.awaitAttached();
            append(f, longLine.substring(0, 120));
            follower.pollFor(Duration.ofMillis(200));
            append(f, longLine.substring(120) + "\nshort\n");
            assertThat(follower.awaitText("short", WAIT)).isTrue();
        } finally {
            follower.stop();
        }
        List<Follower.Line> pieces = follower.lines().stream().filter(l -> l.text().startsWith("x")).toList();
        assertThat(pieces).extracting(l -> l.text().length()).containsExactly(100, 100, 50);
        // follow output is line by line, as grep's: every piece ends its output line
        assertThat(pieces).extracting(Follower.Line::terminated).containsExactly(true, true, true);
        assertThat(pieces).extracting(Follower.Line::number).containsOnly(pieces.getFirst().number());
    }
}
