package io.jdtail.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every message the documentation quotes is one the code prints: each line of a code block (fenced or indented)
 * or inline code span of the READMEs and {@code docs/} (every Markdown file of the repository) that reads like a message ({@code CLIENT|host|LEVEL|text},
 * {@code dmap: text} and the other commands', dtailhealth's {@code OK:}/{@code WARNING:}/{@code CRITICAL:}) is
 * made of the texts in the main code's string literals, with values between them; so is every text of three
 * words or more that their prose puts in double quotes ("logged as ..."), which may quote a part of a message.
 *
 * <p>The check: every occurrence in the quoted message of a literal phrase of the code (a piece of a string
 * literal with a space in it, split at {@code {}} and {@code %s}-style placeholders and line breaks) is marked;
 * what is left unmarked must be values: numbers, names, paths, lists, but never two words in a row, which would
 * be wording the code does not have. A message whose wording differs from the code's by one word leaves the
 * whole phrase around that word unmarked, so it fails. A quote may begin or end inside a phrase.
 */
class DocsMessagesTest {

    static final Pattern MESSAGE = Pattern.compile(
            "^(?:CLIENT\\|[^|<>]+\\|(?:ERROR|WARN|INFO|DEBUG|TRACE)\\||(?:dmap|dcat|dgrep|dtail|dtailhealth|dserver): )(.+)$"
                    + "|^((?:OK|WARNING|CRITICAL): .+)$");
    static final Pattern PROSE_QUOTE = Pattern.compile("\"([^\"]*[A-Za-z][^\"]* [^\"]* [^\"]*)\"");
    static final Pattern HEADING = Pattern.compile("(?m)^#+ (.+)$");
    static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{}|%[-#+ 0,(]*\\d*(?:\\.\\d+)?[sdfxc]|\\n");
    /** Two words in a row in what the code's phrases left unmarked: wording the code does not have. */
    static final Pattern WORDING = Pattern.compile("(?<![\\w$./-])[A-Za-z]{2,} [A-Za-z]{2,}(?![\\w(])");

    /** The shortest part of a phrase that a quote may begin or end with. */
    static final int MIN_OVERLAP = 8;

    record Quote(String where, String message) {}

    static Path repository() {
        return ReadmeWalkthroughTest.repository();
    }

    static List<Path> files(Path root, String suffix, int depth) throws IOException {
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(p -> p.toString().endsWith(suffix))
                    .filter(p -> !root.relativize(p).toString().contains("target/"))
                    .filter(p -> !root.relativize(p).toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    /**
     * The messages quoted in one Markdown text: in code blocks (fenced or indented) and inline code, and the
     * texts of three words or more in double quotes in its prose, except the titles of sections (a reference).
     */
    static List<Quote> quotes(String file, String markdown, Set<String> headings) {
        List<Quote> quotes = new ArrayList<>();
        boolean fenced = false;
        boolean inCodeSpan = false;
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            List<String> candidates = new ArrayList<>();
            if (fenced || line.startsWith("    ")) {
                candidates.add(line.strip());
            } else {
                Matcher code = INLINE_CODE.matcher(line);
                while (code.find()) {
                    candidates.add(code.group(1));
                }
                Matcher prose = PROSE_QUOTE.matcher(outsideCode(line, inCodeSpan));
                inCodeSpan ^= line.chars().filter(c -> c == '`').count() % 2 == 1;
                while (prose.find()) {
                    if (headings.stream().noneMatch(h -> h.startsWith(prose.group(1)))) {
                        quotes.add(new Quote(file + ":" + (i + 1), prose.group(1)));
                    }
                }
            }
            for (String candidate : candidates) {
                Matcher m = MESSAGE.matcher(candidate);
                if (m.matches()) {
                    quotes.add(new Quote(file + ":" + (i + 1), m.group(1) != null ? m.group(1) : m.group(2)));
                }
            }
        }
        return quotes;
    }

    /** The prose of a line: without its inline code, also one opened on an earlier line or closed on a later one. */
    static String outsideCode(String line, boolean openAtStart) {
        StringBuilder prose = new StringBuilder();
        boolean code = openAtStart;
        for (char c : line.toCharArray()) {
            if (c == '`') {
                code = !code;
            } else if (!code) {
                prose.append(c);
            }
        }
        return prose.toString();
    }

    /** The contents of the string literals (and text blocks) of Java source, comments left out. */
    static List<String> stringLiterals(String java) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (c == '/' && i + 1 < n && java.charAt(i + 1) == '/') {
                i = java.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && i + 1 < n && java.charAt(i + 1) == '*') {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = java.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                literals.add(unescape(java.substring(java.indexOf('\n', i) + 1, end)).stripIndent());
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < n && java.charAt(j) != c) {
                    if (java.charAt(j) == '\\' && j + 1 < n) {
                        text.append(java, j, j + 2);
                        j += 2;
                    } else {
                        text.append(java.charAt(j++));
                    }
                }
                if (c == '"') {
                    literals.add(unescape(text.toString()));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    /** A Java unicode escape ({@code \\u0041}), which the compiler turns into its character before anything else. */
    static final Pattern UNICODE_ESCAPE = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u+([0-9a-fA-F]{4})");

    static String unescape(String s) {
        String unicode = UNICODE_ESCAPE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + (char) Integer.parseInt(m.group(2), 16)));
        return unicode.translateEscapes();
    }

    /** The code's phrases: pieces of its string literals between placeholders, with a space and a letter in them. */
    static Set<String> phrases(Path root) throws IOException {
        Set<String> phrases = new TreeSet<>();
        for (Path java : files(root, ".java", 12)) {
            if (!java.toString().contains("/src/main/java/")) {
                continue;
            }
            for (String literal : stringLiterals(Files.readString(java, StandardCharsets.UTF_8))) {
                for (String piece : PLACEHOLDER.split(literal)) {
                    if (piece.strip().contains(" ") && piece.chars().anyMatch(Character::isLetter)) {
                        phrases.add(piece);
                    }
                }
            }
        }
        return phrases;
    }

    /** What of {@code message} no phrase of the code covers, each unmarked stretch on its own. */
    static List<String> unmarked(String message, Set<String> phrases) {
        boolean[] marked = new boolean[message.length()];
        for (String phrase : phrases) {
            if (phrase.contains(message)) {
                return List.of();
            }
            for (int at = message.indexOf(phrase); at >= 0; at = message.indexOf(phrase, at + 1)) {
                Arrays.fill(marked, at, at + phrase.length(), true);
            }
            // a quote may begin inside a message and end inside another (prose quotes a part of one)
            Arrays.fill(marked, 0, overlap(phrase, message), true);
            Arrays.fill(marked, message.length() - overlap(message, phrase), message.length(), true);
        }
        List<String> rest = new ArrayList<>();
        StringBuilder stretch = new StringBuilder();
        for (int i = 0; i <= message.length(); i++) {
            if (i < message.length() && !marked[i]) {
                stretch.append(message.charAt(i));
            } else if (!stretch.isEmpty()) {
                rest.add(stretch.toString());
                stretch.setLength(0);
            }
        }
        return rest;
    }

    /** The length of the longest end of {@code before} that {@code after} begins with, if it is a phrase itself. */
    static int overlap(String before, String after) {
        for (int length = Math.min(before.length(), after.length()); length >= MIN_OVERLAP; length--) {
            String shared = after.substring(0, length);
            if (before.endsWith(shared) && shared.strip().contains(" ")) {
                return length;
            }
        }
        return 0;
    }

    static List<String> problems(Quote quote, Set<String> phrases) {
        List<String> rest = unmarked(quote.message(), phrases);
        boolean anyPhrase = rest.size() != 1 || !rest.getFirst().equals(quote.message());
        List<String> wording = rest.stream().filter(s -> WORDING.matcher(s).find()).toList();
        if (anyPhrase && wording.isEmpty()) {
            return List.of();
        }
        return List.of(quote.where() + ": \"" + quote.message() + "\": not in the code's messages"
                + (anyPhrase ? " (this wording is not: " + wording + ")" : ""));
    }

    @Test
    void everyMessageTheDocsQuoteIsOneTheCodePrints() throws IOException {
        Path root = repository();
        Set<String> phrases = phrases(root);
        assertTrue(phrases.size() > 500, "the code's phrases were read: " + phrases.size());
        List<Path> docs = new ArrayList<>();
        Set<String> headings = new TreeSet<>();
        for (Path md : files(root, ".md", 4)) {
            docs.add(md);
            HEADING.matcher(Files.readString(md, StandardCharsets.UTF_8)).results().forEach(h -> headings.add(h.group(1)));
        }
        List<Quote> quotes = new ArrayList<>();
        for (Path md : docs) {
            quotes.addAll(quotes(root.relativize(md).toString(), Files.readString(md, StandardCharsets.UTF_8), headings));
        }
        assertTrue(quotes.size() >= 15, "quoted messages found: " + quotes);
        List<String> problems = quotes.stream().flatMap(q -> problems(q, phrases).stream()).toList();
        assertEquals(List.of(), problems);
    }

    @Test
    void aMessageWithOneWordChangedIsNotTheCodes() {
        Set<String> phrases = Set.of(" rows had values that were not numbers; those values were left out of numeric aggregations",
                "wrote ", " rows to ");
        assertEquals(List.of(), problems(new Quote("t", "1 rows had values that were not numbers; those values were left out"
                + " of numeric aggregations"), phrases));
        assertEquals(List.of(), problems(new Quote("t", "wrote 2 rows to /tmp/a b.csv"), phrases));
        assertEquals(1, problems(new Quote("t", "1 rows had values that are not numbers; those values were left out"
                + " of numeric aggregations"), phrases).size());
        assertEquals(1, problems(new Quote("t", "1 values were not numbers and were left out of numeric aggregations"),
                phrases).size());
        assertEquals(1, problems(new Quote("t", "wrote 2 rows into result.csv"), phrases).size());
    }

    @Test
    void aQuoteOfAPartOfAMessageIsTheCodesOnlyWithItsWording() {
        Set<String> phrases = Set.of(": the client has read nothing for ", " s; waiting for it as long as its session is open",
                " files; make it narrower (no file of it is read)");
        assertEquals(List.of(), problems(new Quote("t", "the client has read nothing for 30 s ..."), phrases));
        assertEquals(List.of(), problems(new Quote("t", "make it narrower"), phrases));
        assertEquals(1, problems(new Quote("t", "the client has read nothing during 30 s"), phrases).size());
        assertEquals(1, problems(new Quote("t", "make it smaller"), phrases).size());
    }

    @Test
    void proseQuotesAreFoundOutsideCodeAndSectionTitles() {
        List<Quote> quotes = quotes("t.md", """
                It says "the server's output was cut", see "Jobs over other servers"; `code "not a quote" here`
                and `a span
                over "two whole lines" of it` and "three words here".
                """, Set.of("Jobs over other servers"));
        assertEquals(List.of(new Quote("t.md:1", "the server's output was cut"), new Quote("t.md:3", "three words here")),
                quotes);
    }

    @Test
    void literalsAreReadWithoutComments() {
        assertEquals(List.of("a \"b\"", "c\n", "x {} y\n"), stringLiterals("""
                // "not this"
                String s = "a \\"b\\"" + 'q' + "c\\n"; /* "nor this" */
                String t = \"""
                    x {} y
                    \""";
                """));
    }
}
