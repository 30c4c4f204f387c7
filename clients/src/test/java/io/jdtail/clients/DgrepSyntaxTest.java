package io.jdtail.clients;

import static io.jdtail.clients.SameBytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jdtail.engine.operator.HostContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Go/RE2 syntax DTail users type works in dgrep, bad patterns are refused cleanly, and matching is linear-time. */
class DgrepSyntaxTest {

    static final String HOST = HostContext.localHostName();

    @TempDir
    Path dir;

    /** Holds the large log, written once for all of {@link #largeLogAgreesWithGnuGrep}'s patterns. */
    @TempDir
    static Path shared;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private List<String> grep(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("--plain"));
        args.addAll(List.of(options));
        args.add(file.toString());
        ReadClients.Result r = ReadClients.dgrep(null, args.toArray(String[]::new));
        assertThat(r.status()).as("dgrep %s: %s", args, r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r.outText().lines().toList();
    }

    static final String LINES = """
            INFO|started
            ERROR|disk full
            Error in lowercase
            error: upstream timeout
            WARN|code 404 returned
            code 40 only
            12345
            !!! ???
            INFO not at start: x INFO
            a word here
            swordfish
            words
            word
            timeout reached
            
            école
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', quoteCharacter = '"', textBlock = """
            (?i:error)	ERROR|disk full,Error in lowercase,error: upstream timeout
            (?i)ÉCOLE	école
            \\d{3}	WARN|code 404 returned,12345
            ^[[:alpha:]]+$	swordfish,words,word
            [[:alpha:]]+	INFO|started,ERROR|disk full,Error in lowercase,error: upstream timeout,WARN|code 404 returned,code 40 only,INFO not at start: x INFO,a word here,swordfish,words,word,timeout reached,école
            ^INFO	INFO|started,INFO not at start: x INFO
            timeout$	error: upstream timeout
            \\bword\\b	a word here,word
            ERROR|WARN	ERROR|disk full,WARN|code 404 returned
            disk full	ERROR|disk full
            \\|	INFO|started,ERROR|disk full,WARN|code 404 returned
            ^$	""
            (a+)+$	""
            """)
    void goSyntaxSelectsTheExpectedLines(String pattern, String expected) throws IOException {
        Path f = write("app.log", LINES);
        List<String> want = expected.isEmpty() ? List.of("") : List.of(expected.split(","));
        if (pattern.equals("(a+)+$")) {
            want = List.of();
        }
        assertThat(grep(f, "--regex", pattern)).as("pattern %s", pattern).containsExactlyElementsOf(want);
    }

    /**
     * A bounded repeat after '.' or an escape class ({@code \d{3}}, {@code .{2,5}}) is not literal
     * text: its digits must not become the prefilter's required literal.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', quoteCharacter = '"', textBlock = """
            \\d{3}	code 404 returned
            x.{10}y	x0123456789y
            .{2,5}	ab
            \\w{2}	ab
            a\\s{1}b	a b
            ^.{4}$	abcd
            id=\\d{1,99}\\b	id=7
            """)
    void boundedRepeatAfterDotOrEscapeClassMatches(String pattern, String line) throws IOException {
        Path f = write("repeat.log", "!\n" + line + "\n!\n");
        assertThat(grep(f, "--regex", pattern)).as("pattern %s on line %s", pattern, line).containsExactly(line);
    }

    @Test
    void invertKeepsTheOtherLines() throws IOException {
        Path f = write("app.log", "INFO|a\nERROR|b\n\nINFO|c\nWARN|d\n");
        assertThat(grep(f, "--regex", "INFO", "--invert")).containsExactly("ERROR|b", "", "WARN|d");
        assertThat(grep(f, "-grep", "^(INFO|WARN)", "-invert")).containsExactly("ERROR|b", "");
        assertThat(grep(f, "--regex", "(?i)info|error", "--invert")).containsExactly("", "WARN|d");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "", ".*"})
    void dotAndEmptyPatternSelectEverything(String pattern) throws IOException {
        String content = "one\n\ntwo\n\n\nlast";
        Path f = write("all.log", content);
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", "--regex", pattern, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).startsWith("one\n\ntwo\n\n\nlast");
        ReadClients.Result decorated = ReadClients.dgrep(null, "--regex", pattern, f.toString());
        assertThat(decorated.outText().lines()).hasSize(6);
    }

    @Test
    void defaultPatternSelectsEverything() throws IOException {
        Path f = write("all.log", "one\n\ntwo\n");
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("one\n\ntwo\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "a)", "[a-", "x{2,1}", "a**", "\\k", "(?<name", "abc\\"})
    void invalidRegexIsAUsageErrorNamingThePattern(String pattern) throws IOException {
        Path f = write("app.log", "anything\n");
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", "--regex", pattern, f.toString());
        assertThat(r.status()).as("exit status for %s", pattern).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(pattern).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(2);
    }

    @Test
    void invalidRegexIsRefusedEvenWhenThereIsNothingToRead() {
        ReadClients.Result r = ReadClients.dgrep(new ByteArrayInputStream(new byte[0]), "--regex", "(");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("'('");
    }

    @Test
    void pathologicalPatternFinishesInLinearTime() throws IOException {
        String as = "a".repeat(100_000);
        Path f = write("evil.log", as + "b\n" + as + "\n");
        List<String> out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> grep(f, "--regex", "(a+)+$"),
                "(a+)+$ on 100 KB lines must not backtrack");
        assertThat(out).hasSize(1);
        assertThat(out.getFirst()).isEqualTo(as);
        List<String> nested = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> grep(f, "--regex", "^(a|aa)*(a*)*c"),
                "nested quantifiers must not backtrack");
        assertThat(nested).isEmpty();
    }

    /** Pieces of an over-long line are filtered as lines; a matching piece is never glued to the next line shown. */
    @Test
    void aPieceOfAnOverlongLineIsNotGluedToTheNextLine() throws IOException {
        Path f = write("pieces.log", "a" + "x".repeat(249) + "\na second\nno\n");
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", "--maxLineLength", "100", "--regex", "a", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).endsWith("\n");
        assertThat(r.outText().lines().toList()).contains("a second").allMatch(l -> l.length() <= 100);
    }

    @Test
    void stdinIsGrepped() {
        ReadClients.Result r = ReadClients.dgrep(new ByteArrayInputStream("a1\nb\na2\n".getBytes(StandardCharsets.UTF_8)),
                "--plain", "--regex", "^a");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("a1\na2\n");
    }

    @Test
    void decoratedOutputWithContextIsExact() throws IOException {
        Path f = write("ctx.log", "a\nERROR one\nb\nc\nd\ne\nERROR two\nf\n");
        ReadClients.Result r = ReadClients.dgrep(null, "--regex", "ERROR", "--before", "1", "--after", "1", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        String p = "REMOTE|" + HOST + "|100|";
        assertThat(r.outText()).isEqualTo(p + "1|ctx.log|a\n" + p + "2|ctx.log|ERROR one\n" + p + "3|ctx.log|b\n" + "--\n"
                + p + "6|ctx.log|e\n" + p + "7|ctx.log|ERROR two\n" + p + "8|ctx.log|f\n");
    }

    /**
     * A log of several MiB (beyond the 1 MiB read buffer, so the required-literal prefilter skips
     * across buffer refills) gives grep's lines and line numbers, for literal, regex-with-literal,
     * literal-free and inverted patterns. 3 MiB: two refills prove the skip across them as well as
     * five did, and the 14 dgrep runs over it were most of this module's regex-matching CPU time.
     */
    @ParameterizedTest
    @ValueSource(strings = {"upstream timeout", "up.*timeout", "ERROR|WARN", "status=5[0-9]{2}", "^WARN.*slow$", "INVERT:timeout",
        "(?i)USER=user7\\b"})
    void largeLogAgreesWithGnuGrep(String spec) throws IOException {
        boolean invert = spec.startsWith("INVERT:");
        String pattern = invert ? spec.substring(7) : spec;
        Path f = shared.resolve("big.log");
        if (!Files.exists(f)) {
            Files.write(f, bigLog());
        }
        List<String> grepOptions = new ArrayList<>(List.of("-E", "-n"));
        if (invert) {
            grepOptions.add("-v");
        }
        if (pattern.startsWith("(?i)")) {
            grepOptions.add("-i");
        }
        String grepPattern = pattern.replace("(?i)", "");
        byte[] expectedN = GnuGrep.run(grepOptions, grepPattern, List.of(f));
        grepOptions.remove("-n");
        byte[] expectedPlain = GnuGrep.run(grepOptions, grepPattern, List.of(f));
        assertThat(expectedPlain.length).isGreaterThan(0);

        List<String> args = new ArrayList<>(List.of("--plain", "--regex", pattern));
        if (invert) {
            args.add("--invert");
        }
        args.add(f.toString());
        ReadClients.Result plain = ReadClients.dgrep(null, args.toArray(String[]::new));
        assertThat(plain.status()).as(plain.err()).isZero();
        assertSameBytes("dgrep " + args, plain.out(), expectedPlain);

        args.removeFirst();
        ReadClients.Result decorated = ReadClients.dgrep(null, args.toArray(String[]::new));
        String prefix = "REMOTE|" + HOST + "|100|";
        StringBuilder numbered = new StringBuilder();
        decorated.outText().lines().forEach(l -> {
            String rest = l.substring(prefix.length());
            int bar = rest.indexOf('|');
            numbered.append(rest, 0, bar).append(':').append(rest.substring(bar + 1 + "big.log|".length())).append('\n');
        });
        assertSameBytes("line numbers of dgrep " + args, numbered.toString().getBytes(StandardCharsets.UTF_8), expectedN);
    }

    static byte[] bigLog() {
        Random rnd = new Random(5);
        StringBuilder s = new StringBuilder(4 << 20);
        String[] messages = {"request served", "cache miss", "upstream connect", "slow", "retrying"};
        int n = 0;
        while (s.length() < 3 << 20) {
            n++;
            int r = rnd.nextInt(1000);
            String level = r < 3 ? "ERROR" : r < 10 ? "WARN" : "INFO";
            s.append(level).append('|').append(n).append("|handler.go:77|");
            if (r == 500) {
                s.append("upstream timeout after 30s");
            } else if (r == 501) {
                s.append("upstream connect timeout");
            } else {
                s.append(messages[rnd.nextInt(messages.length)]);
            }
            s.append(" status=").append(rnd.nextInt(4) == 0 ? 500 + rnd.nextInt(4) : 200).append(" user=user").append(rnd.nextInt(20));
            if (rnd.nextInt(50) == 0) {
                s.append("|slow");
            }
            s.append('\n');
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
