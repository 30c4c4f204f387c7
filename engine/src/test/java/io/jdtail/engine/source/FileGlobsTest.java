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

    @Test
    void commaSeparatedListsAreSplitAndBlanksDropped() {
        assertThat(FileGlobs.splitLists(List.of("a.log,b.log", " c.log , ,d.log", ",", "e.log")))
                .containsExactly("a.log", "b.log", "c.log", "d.log", "e.log");
    }

    @Test
    void argumentsAreNamesGlobsOrInvalidWithAMessage() {
        List<FileGlobs.Argument> args = FileGlobs.arguments(List.of("/var/log/x.log,/var/log/*.log", "/a/[b",
                "rel/*.log", "/nul\0name"));
        assertThat(args).containsExactly(
                new FileGlobs.Named("/var/log/x.log", Path.of("/var/log/x.log")),
                new FileGlobs.Glob("/var/log/*.log"),
                new FileGlobs.Invalid("/a/[b", "/a/[b: not a valid pattern (Missing '])"),
                new FileGlobs.Glob("rel/*.log"),
                new FileGlobs.Invalid("/nul\0name", "/nul\0name: not a valid file name (Nul character not allowed)"));
    }

    @Test
    void aGateThatDoesNotExpandRelativePatternsMakesThemInvalid() {
        FileGate server = new FileGate() {
            @Override
            public Opened open(Path requested) {
                throw new AssertionError("nothing is opened here");
            }

            @Override
            public boolean expandsRelativePatterns() {
                return false;
            }
        };
        assertThat(FileGlobs.arguments(List.of("rel/*.log", "/abs/*.log", "rel/x.log"), server)).containsExactly(
                new FileGlobs.Invalid("rel/*.log", "rel/*.log: a pattern must be an absolute path on a server (its "
                        + "working directory is not yours)"),
                new FileGlobs.Glob("/abs/*.log"),
                new FileGlobs.Named("rel/x.log", Path.of("rel/x.log")));
    }

    @Test
    void expansionFindsRegularFilesSortedAsOftenAsNamedAndSaysWhatNamedNothing(@TempDir Path dir) throws Exception {
        Path b = Files.writeString(dir.resolve("b.log"), "x\n");
        Path a = Files.writeString(dir.resolve("a.log"), "x\n");
        Files.createDirectory(dir.resolve("c.log"));
        Path deep = Files.writeString(Files.createDirectories(dir.resolve("x/y")).resolve("d.log"), "x\n");
        Files.writeString(dir.resolve("e.txt"), "x\n");

        FileGlobs.Expansion e = FileGlobs.expand(List.of(dir + "/*.log", dir + "/b.log", dir + "/**/d.log",
                dir + "/c.log", dir + "/none.log", dir + "/*.gz", dir + "/[z"));
        // b.log is named by the glob and by name: read twice, as cat and DTail read it
        assertThat(e.files()).containsExactly(a, b, b, deep);
        assertThat(e.problems()).containsExactly(dir + "/c.log: is a directory", dir + "/none.log: no such file",
                dir + "/*.gz: the pattern matches no file", dir + "/[z: not a valid pattern (Missing '])");
    }

    @Test
    void aStarDoesNotCrossDirectoriesButTwoStarsDo(@TempDir Path dir) throws Exception {
        Path top = Files.writeString(dir.resolve("t.log"), "x\n");
        Path sub = Files.writeString(Files.createDirectories(dir.resolve("s")).resolve("u.log"), "x\n");
        Path subsub = Files.writeString(Files.createDirectories(dir.resolve("s/s2")).resolve("v.log"), "x\n");
        assertThat(new FileGlobs.Glob(dir + "/*.log").matches(FileGate.PROCESS)).containsExactly(top);
        assertThat(new FileGlobs.Glob(dir + "/*/*.log").matches(FileGate.PROCESS)).containsExactly(sub);
        assertThat(new FileGlobs.Glob(dir + "/**.log").matches(FileGate.PROCESS)).containsExactly(subsub, sub, top);
    }

    @Test
    void anEscapedGlobCharacterMatchesItself(@TempDir Path dir) throws Exception {
        Path star = Files.writeString(dir.resolve("x*y"), "x\n");
        Files.writeString(dir.resolve("xzy"), "x\n");
        assertThat(FileGlobs.expand(List.of(dir + "/x\\*y")).files()).containsExactly(star);
    }
}
