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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A grep that reads a file's ranges at once shows exactly what one pass over the file shows. */
class ReadRunnerRangesProperties {

    private record Shown(long number, String line, boolean terminated) {
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

            List<Shown> onePass = shown(new ReadRunner(plan, new ReadRunner.Splitting(1, minRange, heldBytes)), file, lineNumbers);
            List<Shown> inRanges = shown(new ReadRunner(plan, new ReadRunner.Splitting(workers, minRange, heldBytes)), file, lineNumbers);

            if (lineNumbers) {
                assertThat(inRanges).isEqualTo(onePass);
            } else {
                assertThat(inRanges.stream().map(Shown::line).toList()).isEqualTo(onePass.stream().map(Shown::line).toList());
            }
        } finally {
            Files.delete(file);
        }
    }

    private static List<Shown> shown(ReadRunner runner, Path file, boolean lineNumbers) {
        List<Shown> shown = new ArrayList<>();
        List<String> problems = new ArrayList<>();
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
        });
        assertThat(problems).isEmpty();
        return shown;
    }
}
