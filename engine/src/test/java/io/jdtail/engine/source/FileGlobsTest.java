package io.jdtail.engine.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Glob expansion: matched in linear time, with the JDK's glob syntax and meaning. */
class FileGlobsTest {

    /** Only a guard against a hang (backtracking takes hours here): no claim about how fast a match is. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @Test
    void aPatternThatMakesABacktrackingMatcherHangIsMatchedAnyway(@TempDir Path dir) throws Exception {
        Path longName = Files.writeString(dir.resolve("a".repeat(200)), "x\n");
        Path matching = Files.writeString(dir.resolve("a".repeat(20) + "b"), "x\n");
        String pattern = dir + "/" + "*a".repeat(16) + "*b";

        FileGlobs.Expansion e = assertTimeoutPreemptively(HANG_GUARD, () -> FileGlobs.expand(List.of(pattern)));
        assertThat(e.files()).containsExactly(matching);
        assertThat(longName).exists();
    }

    @Test
    void matchesAsTheJdksGlobDoes() {
        List<String> patterns = List.of("*.log", "/var/*/x.log", "/var/**", "/var/**/x.log", "a?c", "[abc]*",
                "[!abc]*", "[a-c]x", "[!-0]", "{a,b}.log", "{*.log,x?}", "a\\*b", "/v/**.log", "**", "a/*", "*",
                "x.[ch]", "a+b(c)", "^$.log", "[a-]", "[!a-]", "[+-5]", "[^a]", "{}");
        List<String> names = List.of("a.log", "b.log", "/var/log/x.log", "/var/x.log", "/var/a/b/x.log", "abc", "a/c",
                "axc", "bx", "dx", "a*b", "axb", "/v/a/b.log", "/v/b.log", "a/b", "x.c", "x.h", "x.ch", "a+b(c)",
                "^$.log", "]", "-", ".", "/", "1", "", "x1", "x/1", "+", "5", "^", "a-");
        for (String pattern : patterns) {
            PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            FileGlobs.Matcher ours = FileGlobs.Matcher.of(pattern);
            for (String name : names) {
                assertThat(ours.matches(name)).as(pattern + " on " + name).isEqualTo(jdk.matches(Path.of(name)));
            }
        }
    }

    @Test
    void aPatternReachingTooFarIsAClearErrorAndNoneOfItsFilesIsUsed(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        for (int i = 0; i < 12; i++) {
            Files.writeString(sub.resolve("f" + i + ".log"), "x\n");
        }
        FileGlobs.Glob all = new FileGlobs.Glob(dir + "/**");
        assertThat(all.matches(FileGate.PROCESS, new FileGlobs.Limits(100, 100))).hasSize(12);

        assertThatThrownBy(() -> all.matches(FileGate.PROCESS, new FileGlobs.Limits(10, 100)))
                .isInstanceOf(FileGlobs.TooBroad.class)
                .hasMessage(dir + "/**: the pattern looks at more than 10 directory entries; name a narrower directory"
                        + " or fewer levels (no file of it is read)");
        assertThatThrownBy(() -> all.matches(FileGate.PROCESS, new FileGlobs.Limits(100, 5)))
                .isInstanceOf(FileGlobs.TooBroad.class)
                .hasMessage(dir + "/**: the pattern matches more than 5 files; make it narrower (no file of it is read)");
    }
}
