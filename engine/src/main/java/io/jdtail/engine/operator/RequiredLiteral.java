package io.jdtail.engine.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The longest run of plain characters every match of a pattern must contain, found by a
 * conservative scan of the pattern text: anything it does not understand ends a run; flags give no
 * literal at all, except a leading {@code (?i)}. A line without the literal cannot match, so the
 * regex engine never sees it.
 *
 * @param literal  the required text
 * @param whole    true when the pattern is exactly that text (no regex needed at all)
 * @param caseless true when the text matches with ASCII letters in either case (the pattern starts with
 *                 {@code (?i)}); such a run holds no {@code k}, {@code s} or non-ASCII character, which
 *                 RE2 also matches by other characters (the Kelvin sign, the long s), and is never whole
 */
public record RequiredLiteral(String literal, boolean whole, boolean caseless) {

    private static final String META = "\\^$.|?*+()[]{}";
    /** Punctuation that stands for itself, escaped or not: {@code \-} is {@code -}. */
    private static final String ESCAPED_PLAIN = "-/\"' #&~@%=:,<>!;`";
    /** The flag that makes the whole pattern case-insensitive, the one flag understood. */
    private static final String CASELESS = "(?i)";
    /** The characters RE2's {@code (?i)} also matches by a non-ASCII one. */
    private static final String FOLDS_BEYOND_ASCII = "kKsS";

    /** At most this many branches of a top-level alternation get a literal each; more are left to the regex. */
    static final int MAX_ALTERNATIVES = 16;

    public RequiredLiteral(String literal, boolean whole) {
        this(literal, whole, false);
    }

    /**
     * The literals one of which every match of {@code pattern} must contain: one for a pattern without top-level
     * alternation, else one per branch ({@code ERROR|WARN|timeout}); empty when a branch has none, when there are
     * more than {@link #MAX_ALTERNATIVES} branches, with flags other than a leading {@code (?i)} (one may apply to
     * the branches after it), or with a quote among branches (a quoted {@code |} is no alternation).
     */
    public static Optional<List<RequiredLiteral>> anyOf(String pattern) {
        boolean caseless = pattern.startsWith(CASELESS);
        String body = caseless ? pattern.substring(CASELESS.length()) : pattern;
        List<String> branches = topLevelBranches(body);
        if (body.contains("(?") || branches.size() > MAX_ALTERNATIVES || (branches.size() > 1 && body.contains("\\Q"))) {
            // (?flags) may switch on case-insensitivity or change what '.' means: stay safe
            return Optional.empty();
        }
        List<RequiredLiteral> literals = new ArrayList<>();
        for (String branch : branches) {
            Optional<RequiredLiteral> literal = longestRun(branch, caseless);
            if (literal.isEmpty()) {
                return Optional.empty();
            }
            literals.add(literal.get());
        }
        return Optional.of(List.copyOf(literals));
    }

    /** The literal every match of {@code pattern} must contain; none for a top-level alternation. */
    public static Optional<RequiredLiteral> of(String pattern) {
        return anyOf(pattern).filter(literals -> literals.size() == 1).map(List::getFirst);
    }

    private static Optional<RequiredLiteral> longestRun(String pattern, boolean caseless) {
        Runs runs = new Runs();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char e = pattern.charAt(i + 1);
                i += 2;
                boolean plain = META.indexOf(e) >= 0 || ESCAPED_PLAIN.indexOf(e) >= 0;
                if (plain && !quantified(pattern, i)) {
                    runs.append(e);
                    continue;
                }
                // a quantified character may be absent; a class escape (\d, \w, ...) is no literal text
                runs.breakRun();
                if (quantified(pattern, i)) {
                    i = skipQuantifier(pattern, i);
                }
                continue;
            }
            if (c == '[') {
                runs.breakRun();
                i = skipClass(pattern, i);
                continue;
            }
            if (c == '(') {
                runs.breakRun();
                i = skipGroup(pattern, i);
                continue;
            }
            if (META.indexOf(c) >= 0) {
                // '.', anchors, a stray quantifier: the run ends here, and so does any quantifier after it
                runs.breakRun();
                i = quantified(pattern, i) ? skipQuantifier(pattern, i) : i + 1;
                if (quantified(pattern, i)) {
                    i = skipQuantifier(pattern, i);
                }
                continue;
            }
            i++;
            if (caseless && (c > 0x7f || FOLDS_BEYOND_ASCII.indexOf(c) >= 0)) {
                // matched by characters outside the run's ASCII cases too
                runs.breakRun();
                if (quantified(pattern, i)) {
                    i = skipQuantifier(pattern, i);
                }
                continue;
            }
            if (quantified(pattern, i)) {
                // the character before a quantifier may be absent (* ? {0,}) or repeated (+ {n,})
                if (pattern.charAt(i) == '+') {
                    runs.append(c);
                }
                runs.breakRun();
                i = skipQuantifier(pattern, i);
                continue;
            }
            runs.append(c);
        }
        String best = runs.longest();
        return best.isEmpty() ? Optional.empty() : Optional.of(new RequiredLiteral(best, runs.whole && !caseless, caseless));
    }

    /** The scan so far: the run of plain characters being read and the longest run it ended. */
    private static final class Runs {
        private final StringBuilder run = new StringBuilder();
        private String longest = "";
        /** Until something that is not plain text is met, the pattern is one run. */
        private boolean whole = true;

        void append(char c) {
            run.append(c);
        }

        /** Something that is not plain text: the run being read ends here. */
        void breakRun() {
            endRun();
            whole = false;
        }

        String longest() {
            endRun();
            return longest;
        }

        private void endRun() {
            if (run.length() > longest.length()) {
                longest = run.toString();
            }
            run.setLength(0);
        }
    }

    private static boolean quantified(String p, int i) {
        return i < p.length() && (p.charAt(i) == '*' || p.charAt(i) == '?' || p.charAt(i) == '+' || p.charAt(i) == '{');
    }

    private static int skipQuantifier(String p, int i) {
        if (p.charAt(i) == '{') {
            int close = p.indexOf('}', i);
            i = close < 0 ? p.length() : close + 1;
        } else {
            i++;
        }
        if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+')) {
            i++;
        }
        // a group or class after a quantifier starts fresh; nothing else to skip
        return i;
    }

    private static int skipClass(String p, int i) {
        int j = i + 1;
        if (j < p.length() && p.charAt(j) == '^') {
            j++;
        }
        if (j < p.length() && p.charAt(j) == ']') {
            j++;
        }
        while (j < p.length() && p.charAt(j) != ']') {
            if (p.charAt(j) == '\\') {
                j++;
            } else if (p.charAt(j) == '[' && j + 1 < p.length() && p.charAt(j + 1) == ':') {
                int close = p.indexOf(":]", j + 2);
                if (close > 0) {
                    j = close + 1;
                }
            }
            j++;
        }
        j++;
        return quantified(p, j) ? skipQuantifier(p, j) : j;
    }

    private static int skipGroup(String p, int i) {
        int depth = 0;
        int j = i;
        while (j < p.length()) {
            char c = p.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '[') {
                j = skipClass(p, j);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    j++;
                    break;
                }
            }
            j++;
        }
        return quantified(p, j) ? skipQuantifier(p, j) : j;
    }

    /** The pattern's branches split at its top-level {@code |}s (those outside groups and classes, unescaped). */
    private static List<String> topLevelBranches(String p) {
        List<String> branches = new ArrayList<>();
        int depth = 0;
        int branchStart = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = skipClass(p, i) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth <= 0) {
                branches.add(p.substring(branchStart, i));
                branchStart = i + 1;
            }
        }
        branches.add(p.substring(Math.min(branchStart, p.length())));
        return branches;
    }
}
