package io.jdtail.engine.operator;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.jdtail.engine.plan.FilterNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The grep filter: RE2 semantics (Go's syntax, linear time whatever the pattern, so a remote
 * user's pattern cannot stall a server), behind a required-literal prefilter (one of several for a top-level
 * alternation such as {@code ERROR|WARN}) so that most lines never reach the regex engine. Not thread-safe (one per reader).
 */
public final class LineFilter {

    /** Patterns longer than this are refused: they come from users, later from remote ones. */
    public static final int MAX_PATTERN_LENGTH = 16 * 1024;

    /** A character class no character is in: what follows an anchor where it cannot match. */
    private static final String NEVER = "[^\\x00-\\x{10FFFF}]";

    private final boolean invert;
    private final LiteralSearch literal;
    private final Pattern regex;
    /**
     * The regex for the pieces of a line split because it is longer than the maximum: indexed by
     * {@code (startsLine ? 0 : 1) | (endsLine ? 0 : 2)}; a piece that does not start its line has no {@code ^}
     * ({@code \A}) to match, one that does not end it no {@code $} ({@code \z}).
     */
    private final Pattern[] byPiece;

    private LineFilter(boolean invert, LiteralSearch literal, Pattern regex, Pattern[] byPiece) {
        this.invert = invert;
        this.literal = literal;
        this.regex = regex;
        this.byPiece = byPiece;
    }

    /** Compiles the filter; a bad pattern is an IllegalArgumentException with a message for the user. */
    public static LineFilter compile(FilterNode node) {
        String pattern = node.regex();
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("the regex is " + pattern.length() + " characters long; at most "
                    + MAX_PATTERN_LENGTH + " are allowed");
        }
        Optional<List<RequiredLiteral>> required = RequiredLiteral.anyOf(pattern);
        LiteralSearch search = required.map(r -> new LiteralSearch(r)).orElse(null);
        if (required.isPresent() && required.get().stream().allMatch(RequiredLiteral::whole)) {
            return new LineFilter(node.invert(), search, null, null);
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex '" + pattern + "': " + e.getDescription(), e);
        }
        Pattern[] byPiece = new Pattern[4];
        for (int i = 0; i < 4; i++) {
            String piecePattern = withoutAnchors(pattern, (i & 1) != 0, (i & 2) != 0);
            byPiece[i] = piecePattern.equals(pattern) ? compiled : Pattern.compile(piecePattern);
        }
        return new LineFilter(node.invert(), search, compiled, byPiece);
    }

    /**
     * {@code pattern} with its start anchors ({@code ^}, {@code \A}) and/or end anchors ({@code $}, {@code \z})
     * made unmatchable: each is followed by a class that matches nothing, the two in a group, so that a quantifier
     * after the anchor applies to both ({@code ^*} still matches zero times). Escaped characters, classes and
     * {@code \Q...\E} are copied as they are. Lines hold no newline, so {@code (?m)} anchors, too, match only at a
     * line's start and end. The anchor stays: a pattern that starts with {@code ^} is still tried at the piece's
     * first position only, not at each of its (up to 64 MiB) positions.
     */
    static String withoutAnchors(String pattern, boolean start, boolean end) {
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char next = pattern.charAt(i + 1);
                if (next == 'Q') {
                    int quoteEnd = pattern.indexOf("\\E", i + 2);
                    int to = quoteEnd < 0 ? n : quoteEnd + 2;
                    out.append(pattern, i, to);
                    i = to;
                } else {
                    boolean unmatchable = (start && next == 'A') || (end && next == 'z');
                    out.append(unmatchable ? "(?:" : "").append(pattern, i, i + 2).append(unmatchable ? NEVER + ")" : "");
                    i += 2;
                }
            } else if (c == '[') {
                int to = classEnd(pattern, i);
                out.append(pattern, i, to);
                i = to;
            } else {
                boolean unmatchable = (start && c == '^') || (end && c == '$');
                out.append(unmatchable ? "(?:" : "").append(c).append(unmatchable ? NEVER + ")" : "");
                i++;
            }
        }
        return out.toString();
    }

    /** Where the class opened at {@code open} ends (just after its {@code ]}); a {@code ]} first in it is a member. */
    private static int classEnd(String pattern, int open) {
        int n = pattern.length();
        int i = open + 1;
        if (i < n && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < n && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[' && i + 1 < n && pattern.charAt(i + 1) == ':') {
                int named = pattern.indexOf(":]", i + 2);
                i = named < 0 ? i + 1 : named + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return n;
    }

    /** True when lines without the required literal can be passed over unseen (no invert, a literal). */
    public boolean prefilters() {
        return literal != null && !invert;
    }

    /** Where the next line that may match is, in {@code buf[from, to)}; -1 when none can. */
    public int nextCandidate(byte[] buf, int from, int to) {
        return literal.indexIn(buf, from, to);
    }

    /** True when the line is selected (matches, or does not match with invert). */
    public boolean selects(byte[] buf, int off, int len) {
        return matches(regex, buf, off, len) != invert;
    }

    /**
     * True when a piece of a line split because it is longer than the maximum is selected: {@code ^} matches only
     * the piece that starts the line, {@code $} only the one that ends it (a match across two pieces is not
     * found). A whole line both starts and ends itself.
     */
    public boolean selects(byte[] buf, int off, int len, boolean startsLine, boolean endsLine) {
        Pattern piece = byPiece == null ? null : byPiece[(startsLine ? 0 : 1) | (endsLine ? 0 : 2)];
        return matches(piece, buf, off, len) != invert;
    }

    private boolean matches(Pattern pattern, byte[] buf, int off, int len) {
        if (literal != null && !literal.containedIn(buf, off, len)) {
            return false;
        }
        if (pattern == null) {
            return true;
        }
        // re2j 1.8 on bytes misreads the character before a position that follows a multi-byte character (it took the
        // b of "éb" for the start of the text in "a|^b"); on a String it reads it right. A line with a byte outside
        // ASCII is therefore matched as text; ASCII lines, nearly all of a log, stay on bytes.
        return asciiOnly(buf, off, len)
                ? pattern.matcher(Arrays.copyOfRange(buf, off, off + len)).find()
                : pattern.matcher(new String(buf, off, len, StandardCharsets.UTF_8)).find();
    }

    private static boolean asciiOnly(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
