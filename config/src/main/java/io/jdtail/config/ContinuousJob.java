package io.jdtail.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of {@code Server.Continuous[]}: a map-reduce query that follows files forever and writes
 * each interval's result to {@code Outfile} (or the query's own {@code outfile} clause), to a Graphite
 * server, or both.
 *
 * @param name               {@code Name} (required, unique among all jobs)
 * @param enable             {@code Enable} (default false, as in DTail)
 * @param files              {@code Files}: comma-separated paths or globs, or a JSON array of them (required)
 * @param query              {@code Query} (required)
 * @param outfile            {@code Outfile}
 * @param allowFrom          {@code AllowFrom}
 * @param restartOnDayChange {@code RestartOnDayChange} (default false)
 * @param graphite           {@code Graphite} "host:port" (port 2003 if omitted), as written: the Graphite sink
 *                           has the one host:port rule, and dserver checks every target by it before it starts
 * @param graphitePrefix     {@code GraphitePrefix}: prefix of every metric path sent to Graphite
 * @param servers            {@code Servers} (DTail)
 * @param discovery          {@code Discovery} (DTail)
 */
public record ContinuousJob(String name, boolean enable, List<String> files, String query, Optional<String> outfile,
                            List<String> allowFrom, boolean restartOnDayChange, Optional<String> graphite,
                            Optional<String> graphitePrefix, List<String> servers, Optional<String> discovery) {

    public ContinuousJob {
        Objects.requireNonNull(name, "name");
        files = List.copyOf(files);
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(outfile, "outfile");
        allowFrom = List.copyOf(allowFrom);
        Objects.requireNonNull(graphite, "graphite");
        Objects.requireNonNull(graphitePrefix, "graphitePrefix");
        servers = List.copyOf(servers);
        Objects.requireNonNull(discovery, "discovery");
        if (outfile.isEmpty() && graphite.isEmpty() && !mayNameAnOutfile(query)) {
            throw new IllegalArgumentException("continuous job " + name + " needs " + NEEDS_A_TARGET);
        }
    }

    /** What a job without any place for its results is told to add. */
    static final String NEEDS_A_TARGET = "somewhere to write: an Outfile, an outfile clause in its Query, or a Graphite target";

    /** The query language's {@code outfile} keyword as a word of its own (not part of a field name). */
    private static final Pattern OUTFILE_WORD = Pattern.compile("(?i)(?<![\\w$.])outfile(?![\\w.])");

    /**
     * Whether {@code query} may write its results itself ({@code outfile "x"} or {@code outfile append "x"}).
     * The configuration does not parse queries: this only spares such a job the "needs a target" error;
     * dserver compiles the query before the job starts and refuses a job that has nowhere to write then.
     */
    static boolean mayNameAnOutfile(String query) {
        return query != null && OUTFILE_WORD.matcher(query).find();
    }
}
