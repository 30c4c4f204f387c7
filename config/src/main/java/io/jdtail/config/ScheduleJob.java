package io.jdtail.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code Server.Schedule[]}: a map-reduce query run once per day within a time range,
 * writing its result to {@code Outfile}.
 *
 * @param name      {@code Name} (required, unique among all jobs)
 * @param enable    {@code Enable} (default false, as in DTail)
 * @param timeRange {@code TimeRange} [fromHour, toHour] (required)
 * @param files     {@code Files}: comma-separated paths or globs, or a JSON array of them (required)
 * @param query     {@code Query} (required)
 * @param outfile   {@code Outfile} (required); DTail's date placeholders are kept verbatim
 * @param allowFrom {@code AllowFrom}: hosts allowed to run the job's query on this server
 * @param servers   {@code Servers}: servers to collect from (comma-separated or an array); empty = this server
 * @param discovery {@code Discovery}: server discovery method, if any
 */
public record ScheduleJob(String name, boolean enable, TimeRange timeRange, List<String> files, String query,
                          String outfile, List<String> allowFrom, List<String> servers, Optional<String> discovery) {

    public ScheduleJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeRange, "timeRange");
        files = List.copyOf(files);
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(outfile, "outfile");
        allowFrom = List.copyOf(allowFrom);
        servers = List.copyOf(servers);
        Objects.requireNonNull(discovery, "discovery");
    }
}
