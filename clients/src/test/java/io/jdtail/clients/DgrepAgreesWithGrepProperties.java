package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code dgrep --plain} prints exactly what {@code grep -E} prints, for random inputs and random
 * combinations of pattern, invert, before, after and max; the decorated output carries the same
 * line numbers as {@code grep -n}. Patterns are ERE that mean the same in grep -E and RE2.
 */
class DgrepAgreesWithGrepProperties {

    /** Patterns valid in both grep -E and RE2 with the same meaning (no bare '.': dgrep's '.' keeps empty lines too). */
    static final List<String> PATTERNS = List.of("a", "ab", "abc", "ba", "a.c", "^ab", "c$", "[ab]+c", "(ab|cd)", "a{2}",
            "[0-9]", "b[0-9]", "^$", "x|1", "a.*d", "^[^a]", "ba?c", "(a|b)c", "d+", "^a.*", "2$", "a b", "[[:digit:]]",
            "^(a|b)+$", "c{1,2}d", "[^ ]{4}", "\\.", "a\\|", "cd|^b", " $");

    static final List<String> WORDS = List.of("a", "b", "c", "d", "ab", "cd", "1", "2", " ", "x", ".", "|");

    static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("dgrep-props");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Options(String pattern, boolean invert, int before, int after, int max) {

        List<String> grepArgs() {
            List<String> a = new ArrayList<>(List.of("-E"));
            if (invert) {
                a.add("-v");
            }
            if (before > 0) {
                a.add("-B" + before);
            }
            if (after > 0) {
                a.add("-A" + after);
            }
            if (max > 0) {
                a.add("-m" + max);
            }
            return a;
        }

        List<String> dgrepArgs() {
            List<String> a = new ArrayList<>(List.of("--regex", pattern));
            if (invert) {
                a.add("--invert");
            }
            a.addAll(List.of("--before", String.valueOf(before), "--after", String.valueOf(after), "--max", String.valueOf(max)));
            return a;
        }
    }

    @Provide
    Arbitrary<Options> options() {
        return Builders.withBuilder(() -> new Options("", false, 0, 0, 0))
                .use(Arbitraries.of(PATTERNS)).in((o, p) -> new Options(p, o.invert(), o.before(), o.after(), o.max()))
                .use(Arbitraries.of(true, false)).in((o, v) -> new Options(o.pattern(), v, o.before(), o.after(), o.max()))
                .use(Arbitraries.integers().between(0, 3)).in((o, b) -> new Options(o.pattern(), o.invert(), b, o.after(), o.max()))
                .use(Arbitraries.integers().between(0, 3)).in((o, a) -> new Options(o.pattern(), o.invert(), o.before(), a, o.max()))
                .use(Arbitraries.integers().between(0, 3)).in((o, m) -> new Options(o.pattern(), o.invert(), o.before(), o.after(), m))
                .build(o -> o);
    }

    /** Lines from a small alphabet (matches are frequent), about one in six empty. */
    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(5, Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(5).map(w -> String.join("", w))));
        return line.list().ofMinSize(0).ofMaxSize(30);
    }

    static byte[] content(List<String> lines, boolean finalNewline) {
        String text = String.join("\n", lines);
        if (!lines.isEmpty() && finalNewline) {
            text += "\n";
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void agree(Options o, List<Path> files, String what) {
        List<String> grepArgs = new ArrayList<>(o.grepArgs());
        grepArgs.add("-h");
        byte[] expected = GnuGrep.run(grepArgs, o.pattern(), files);
        List<String> args = new ArrayList<>(List.of("--plain"));
        args.addAll(o.dgrepArgs());
        files.forEach(f -> args.add(f.toString()));
        ReadClients.Result r = ReadClients.dgrep(null, args.toArray(String[]::new));
        assertThat(r.status()).as("dgrep " + args + ": " + r.err()).isZero();
        assertThat(r.outText())
                .as("%s: grep %s -e '%s' vs dgrep --plain %s", what, o.grepArgs(), o.pattern(), o.dgrepArgs())
                .isEqualTo(new String(expected, StandardCharsets.US_ASCII));
    }

    /** Inputs that end with a newline: context, separators and max behave as in grep. */
    @Property(tries = 200)
    void plainOutputEqualsGrep(@ForAll("lines") List<String> lines, @ForAll("options") Options o) {
        Path f = write("in.log", content(lines, true));
        agree(o, List.of(f), "input " + lines);
    }

    /**
     * The decorated output numbers lines as {@code grep -n} does (also where the required-literal
     * prefilter skips lines unseen), and puts separators where grep does.
     */
    @Property(tries = 150)
    void lineNumbersEqualGrepN(@ForAll("lines") List<String> lines, @ForAll("options") Options o) {
        Path f = write("numbered.log", content(lines, true));
        List<String> grepArgs = new ArrayList<>(o.grepArgs());
        grepArgs.add("-n");
        List<String> expected = new String(GnuGrep.run(grepArgs, o.pattern(), List.of(f)), StandardCharsets.US_ASCII).lines()
                .map(DgrepAgreesWithGrepProperties::fromGrepN).toList();
        List<String> args = new ArrayList<>(o.dgrepArgs());
        args.add(f.toString());
        ReadClients.Result r = ReadClients.dgrep(null, args.toArray(String[]::new));
        assertThat(r.status()).as(r.err()).isZero();
        String prefix = "REMOTE|" + DcatByteIdentityTest.HOST + "|100|";
        List<String> actual = r.outText().lines().map(l -> {
            if (l.equals("--")) {
                return l;
            }
            assertThat(l).startsWith(prefix);
            String rest = l.substring(prefix.length());
            int bar = rest.indexOf('|');
            String number = rest.substring(0, bar);
            String tail = rest.substring(bar + 1);
            assertThat(tail).startsWith("numbered.log|");
            return number + "|" + tail.substring("numbered.log|".length());
        }).toList();
        assertThat(actual).as("input %s: grep %s -n -e '%s' vs dgrep %s", lines, o.grepArgs(), o.pattern(), o.dgrepArgs())
                .isEqualTo(expected);
    }

    /** "12:text" (match) or "12-text" (context) as "12|text"; "--" stays. */
    static String fromGrepN(String l) {
        if (l.equals("--")) {
            return l;
        }
        int i = 0;
        while (Character.isDigit(l.charAt(i))) {
            i++;
        }
        return l.substring(0, i) + "|" + l.substring(i + 1);
    }

    /**
     * Inputs that sometimes lack the final newline. GNU grep always ends an output line with a
     * newline (a selected last line without one gets one); dgrep must too, or two files' lines
     * run together.
     */
    @Property(tries = 150)
    void plainOutputEqualsGrepWithoutFinalNewline(@ForAll("lines") List<String> lines, @ForAll boolean finalNewline,
                                                  @ForAll("options") Options o) {
        Path f = write("nofinal.log", content(lines, finalNewline));
        agree(o, List.of(f), "input " + lines + (finalNewline ? "" : " (no final newline)"));
    }

    /** Two files: grep -h separates context groups across files with "--" as well. */
    @Property(tries = 100)
    void twoFilesEqualGrepH(@ForAll("lines") List<String> first, @ForAll("lines") List<String> second,
                            @ForAll("options") Options o) {
        Path a = write("first.log", content(first, true));
        Path b = write("second.log", content(second, true));
        agree(o, List.of(a, b), "inputs " + first + " and " + second);
    }

    /** Bounded repeats of '.' and of GNU/RE2 escape classes, which both sides support. */
    static final List<String> REPEAT_PATTERNS = List.of(".{3}", "a.{2}c", "^.{2}$", "\\w{2}", "b\\s{1}a", "x.{1,2}2",
            "[0-9].{0,1}[0-9]", "^.{1,3}d", "\\W{2}");

    @Provide
    Arbitrary<Options> repeatOptions() {
        return Arbitraries.of(REPEAT_PATTERNS).flatMap(p -> Arbitraries.of(true, false).flatMap(inv ->
                Arbitraries.integers().between(0, 2).map(ctx -> new Options(p, inv, ctx, ctx, 0))));
    }

    @Property(tries = 100)
    void boundedRepeatsAgreeWithGrep(@ForAll("lines") List<String> lines, @ForAll("repeatOptions") Options o) {
        Path f = write("repeat.log", content(lines, true));
        agree(o, List.of(f), "input " + lines);
    }

    /** The smallest cases of the two differences found, fixed so they run every time. */
    @Example
    void selectedLastLineWithoutNewlineIsTerminatedAsGrepDoes() {
        Path f = write("last.log", "x\nabc".getBytes(StandardCharsets.US_ASCII));
        agree(new Options("a", false, 0, 0, 0), List.of(f), "x\\nabc");
    }

    @Example
    void linesOfTwoFilesDoNotRunTogether() {
        Path a = write("a.log", "one\nlast a".getBytes(StandardCharsets.US_ASCII));
        Path b = write("b.log", "first b\n".getBytes(StandardCharsets.US_ASCII));
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", "--regex", "a|b", a.toString(), b.toString());
        assertThat(r.outText()).isEqualTo("last a\nfirst b\n");
    }

    @Example
    void contextGroupsOfTwoFilesAreSeparatedAsGrepDoes() {
        Path a = write("a.log", "a\nx\n".getBytes(StandardCharsets.US_ASCII));
        Path b = write("b.log", "a\nx\n".getBytes(StandardCharsets.US_ASCII));
        agree(new Options("a", false, 0, 1, 0), List.of(a, b), "two files");
    }
}
