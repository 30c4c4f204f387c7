package io.jdtail.engine.operator;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.jdtail.engine.plan.FilterNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * The grep filter: RE2 semantics (Go's syntax, linear time whatever the pattern, so a remote
 * user's pattern cannot stall a server), behind a required-literal prefilter so that most lines
 * never reach the regex engine. Not thread-safe (one per reader).
 */
public final class LineFilter {

    /** Patterns longer than this are refused: they come from users, later from remote ones. */
    public static final int MAX_PATTERN_LENGTH = 16 * 1024;

    private final boolean invert;
    private final LiteralSearch literal;
    private final Pattern regex;

    private LineFilter(boolean invert, LiteralSearch literal, Pattern regex) {
        this.invert = invert;
        this.literal = literal;
        this.regex = regex;
    }

    /** Compiles the filter; a bad pattern is an IllegalArgumentException with a message for the user. */
    public static LineFilter compile(FilterNode node) {
        String pattern = node.regex();
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("the regex is " + pattern.length() + " characters long; at most "
                    + MAX_PATTERN_LENGTH + " are allowed");
        }
        Optional<RequiredLiteral> required = RequiredLiteral.of(pattern);
        LiteralSearch search = required.map(r -> new LiteralSearch(r.literal())).orElse(null);
        if (required.isPresent() && required.get().whole()) {
            return new LineFilter(node.invert(), search, null);
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regex '" + pattern + "': " + e.getDescription(), e);
        }
        return new LineFilter(node.invert(), search, compiled);
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
        return matches(buf, off, len) != invert;
    }

    private boolean matches(byte[] buf, int off, int len) {
        if (literal != null && !literal.containedIn(buf, off, len)) {
            return false;
        }
        if (regex == null) {
            return true;
        }
        return regex.matcher(Arrays.copyOfRange(buf, off, off + len)).find();
    }
}
