package io.jdtail.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code Server.Continuous[]}: a map-reduce query that follows files forever and writes
 * each interval's result to {@code Outfile}, to a Graphite server, or both.
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
        if (outfile.isEmpty() && graphite.isEmpty()) {
            throw new IllegalArgumentException("continuous job " + name + " needs an Outfile or a Graphite target");
        }
    }
}
