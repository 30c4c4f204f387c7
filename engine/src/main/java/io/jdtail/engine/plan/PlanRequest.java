package io.jdtail.engine.plan;

import java.util.List;
import java.util.Optional;

/**
 * What a client asks for, serverless or from a dserver: the same request compiles to the same
 * plan on both sides (plans are never serialized; the query text is).
 *
 * @param mode    cat, grep, tail (follow) or map (read once and aggregate)
 * @param files   file names or globs
 * @param regex   line filter; "." or "" keeps every line
 * @param invert  keep the lines that do not match
 * @param before  context lines before a match
 * @param after   context lines after a match
 * @param max     stop a file after this many matches; 0 = no limit
 * @param query   map-reduce query text (map mode, or tail with continuous aggregation)
 * @param numbered whether the client shows line numbers; without them a grep passes over the lines
 *                 that cannot match without counting them (the numbers sent are then meaningless)
 */
public record PlanRequest(Mode mode, List<String> files, String regex, boolean invert, int before, int after,
                          int max, Optional<String> query, boolean numbered) {

    /**
     * What the request does: {@link #TAIL} follows its files until the client ends it; the others read them once and
     * end. Where the two differ (limits, timeouts, shutdown, the warm-up giving way), ask {@link #follows}.
     */
    public enum Mode {
        CAT, GREP, TAIL, MAP;

        /** True for a follow, which runs until its client ends it; false for a request that reads once and ends. */
        public boolean follows() {
            return this == TAIL;
        }
    }

    /** Whether this request follows its files ({@link Mode#follows}). */
    public boolean follows() {
        return mode.follows();
    }

    public PlanRequest {
        files = List.copyOf(files);
        if (before < 0 || after < 0 || max < 0) {
            throw new IllegalArgumentException("before, after and max must not be negative");
        }
    }

    /** A request whose lines are numbered. */
    public PlanRequest(Mode mode, List<String> files, String regex, boolean invert, int before, int after, int max,
                       Optional<String> query) {
        this(mode, files, regex, invert, before, after, max, query, true);
    }

    /** The same request for a client that does not show line numbers ({@code --plain}). */
    public PlanRequest unnumbered() {
        return new PlanRequest(mode, files, regex, invert, before, after, max, query, false);
    }

    public static PlanRequest map(List<String> files, String query) {
        return new PlanRequest(Mode.MAP, files, ".", false, 0, 0, 0, Optional.of(query));
    }
}
