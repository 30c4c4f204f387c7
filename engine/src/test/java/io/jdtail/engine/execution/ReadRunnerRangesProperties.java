package io.jdtail.engine.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.plan.ContextNode;
import io.jdtail.engine.plan.FilterNode;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.plan.SourceNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A grep that reads a file's ranges at once shows exactly what one pass over the file shows, and says of as many lines in
 * as many pieces that they were longer than the maximum.
 */
class ReadRunnerRangesProperties {

    private record Shown(long number, String line, boolean terminated) {
    }

    /** What a run showed, and its lines longer than the maximum: how many, in how many pieces in all. */
    private record Run(List<Shown> shown, long splitLines, long pieces) {
    }

    @Provide
    Arbitrary<String> content() {
        return Arbitraries.of("a", "bb", "needle", "x needle y", "nee", "dle", "\n", "\n", "\n", "\n\n", "zzzzzzzzzz")
                .list().ofMaxSize(300).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> regex() {
        return Arbitraries.of("needle", "x needle", "needle y$", "^needle", "nee.*dle");
    }

    @Property(tries = 300)
    void rangesShowWhatOnePassShows(@ForAll("content") String content, @ForAll("regex") String regex,
                                    @ForAll @IntRange(min = 2, max = 5) int workers,
                                    @ForAll @IntRange(min = 1, max = 300) int minRange,
                                    @ForAll @IntRange(min = 1, max = 400) int heldBytes,
                                    @ForAll @IntRange(min = 3, max = 40) int maxLineLength,
                                    @ForAll boolean lineNumbers) throws IOException {
        Path file = Files.createTempFile("ranges", ".log");
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            ServerPlan plan = new ServerPlan(new SourceNode(List.of(file.toString()), false, maxLineLength),
                    Optional.of(new FilterNode(regex, false)), ContextNode.NONE, Optional.empty());

            Run onePass = run(new ReadRunner(plan, new ReadRunner.Splitting(1, minRange, heldBytes)), file, lineNumbers);
            Run inRanges = run(new ReadRunner(plan, new ReadRunner.Splitting(workers, minRange, heldBytes)), file, lineNumbers);

            if (lineNumbers) {
                assertThat(inRanges.shown()).isEqualTo(onePass.shown());
            } else {
                assertThat(inRanges.shown().stream().map(Shown::line).toList())
                        .isEqualTo(onePass.shown().stream().map(Shown::line).toList());
            }
            assertThat(inRanges.splitLines()).as("lines in pieces").isEqualTo(onePass.splitLines());
            assertThat(inRanges.pieces()).as("their pieces").isEqualTo(onePass.pieces());
        } finally {
            Files.delete(file);
        }
    }

    private static Run run(ReadRunner runner, Path file, boolean lineNumbers) {
        List<Shown> shown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        AtomicLong splitLines = new AtomicLong();
        AtomicLong pieces = new AtomicLong();
        runner.run(List.of(file), io.jdtail.engine.source.FileGate.PROCESS, new LineEmitter() {
            @Override
            public void line(String f, long number, byte[] buf, int off, int len, boolean terminated) {
                shown.add(new Shown(number, new String(buf, off, len, StandardCharsets.UTF_8), terminated));
            }

            @Override
            public void separator(String f) {
                throw new AssertionError("no context, no separators");
            }

            @Override
            public boolean wantsLineNumbers() {
                return lineNumbers;
            }

            @Override
            public void problem(String message) {
                problems.add(message);
            }

            @Override
            public void splitLine(String input, int maxLineLength, long piecesOfLine) {
                // reader threads call in at once
                splitLines.incrementAndGet();
                pieces.addAndGet(piecesOfLine);
            }
        });
        assertThat(problems).isEmpty();
        return new Run(shown, splitLines.get(), pieces.get());
    }
}
