package io.jdtail.engine.operator;

import java.util.Optional;

/**
 * The longest run of plain characters every match of a pattern must contain, found by a
 * conservative scan of the pattern text: anything it does not understand ends a run, top-level
 * alternation or case-insensitivity gives no literal at all. A line without the literal cannot
 * match, so the regex engine never sees it.
 *
 * @param literal the required text
 * @param whole   true when the pattern is exactly that text (no regex needed at all)
 */
public record RequiredLiteral(String literal, boolean whole) {

    private static final String META = "\\^$.|?*+()[]{}";

    public static Optional<RequiredLiteral> of(String pattern) {
        if (pattern.isEmpty() || hasTopLevelAlternation(pattern) || pattern.contains("(?")) {
            // (?flags) may switch on case-insensitivity or change what '.' means: stay safe
            return Optional.empty();
        }
        StringBuilder run = new StringBuilder();
        String best = "";
        boolean whole = true;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char e = pattern.charAt(i + 1);
                if (META.indexOf(e) >= 0 || e == '-' || e == '/' || e == '"' || e == '\'' || e == ' ' || e == '#' || e == '&' || e == '~' || e == '@' || e == '%' || e == '=' || e == ':' || e == ',' || e == '<' || e == '>' || e == '!' || e == ';' || e == '`') {
                    i += 2;
                    if (quantified(pattern, i)) {
                        best = longer(best, run.toString());
                        run.setLength(0);
                        whole = false;
                        i = skipQuantifier(pattern, i);
                        continue;
                    }
                    run.append(e);
                    continue;
                }
                best = longer(best, run.toString());
                run.setLength(0);
                whole = false;
                i += 2;
                // a class escape (\d, \w, ...) may carry a quantifier: it is no literal text
                if (quantified(pattern, i)) {
                    i = skipQuantifier(pattern, i);
                }
                continue;
            }
            if (c == '[') {
                best = longer(best, run.toString());
                run.setLength(0);
                whole = false;
                i = skipClass(pattern, i);
                continue;
            }
            if (c == '(') {
                best = longer(best, run.toString());
                run.setLength(0);
                whole = false;
                i = skipGroup(pattern, i);
                continue;
            }
            if (META.indexOf(c) >= 0) {
                // '.', anchors, a stray quantifier: the run ends here, and so does any quantifier after it
                best = longer(best, run.toString());
                run.setLength(0);
                whole = false;
                i = quantified(pattern, i) ? skipQuantifier(pattern, i) : i + 1;
                if (quantified(pattern, i)) {
                    i = skipQuantifier(pattern, i);
                }
                continue;
            }
            i++;
            if (quantified(pattern, i)) {
                // the character before a quantifier may be absent (* ? {0,}) or repeated (+ {n,})
                boolean required = pattern.charAt(i) == '+';
                if (required) {
                    run.append(c);
                }
                best = longer(best, run.toString());
                run.setLength(0);
                whole = false;
                i = skipQuantifier(pattern, i);
                continue;
            }
            run.append(c);
        }
        best = longer(best, run.toString());
        if (best.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RequiredLiteral(best, whole));
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

    private static boolean hasTopLevelAlternation(String p) {
        int depth = 0;
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
                return true;
            }
        }
        return false;
    }

    private static String longer(String a, String b) {
        return b.length() > a.length() ? b : a;
    }
}
