package io.jdtail.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the entries of {@code Server.Schedule} and {@code Server.Continuous}. Job names are unique across
 * both lists, so one instance reads all the jobs of a file. A job with any error is left out (its errors
 * make the whole file fail).
 */
final class JobSections {

    static final Set<String> SCHEDULE = ConfigKeys.ordered("Name", "Enable", "TimeRange", "Files", "Query",
            "Outfile", "AllowFrom", "Servers", "Discovery");
    static final Set<String> CONTINUOUS = ConfigKeys.ordered("Name", "Enable", "Files", "Query", "Outfile",
            "AllowFrom", "RestartOnDayChange", "Graphite", "GraphitePrefix", "Servers", "Discovery");

    private final FieldReader f;
    /** Job name → path of its first definition. */
    private final Map<String, String> jobNames = new LinkedHashMap<>();

    JobSections(FieldReader f) {
        this.f = f;
    }

    Optional<ScheduleJob> schedule(JsonNode n, String path) {
        return job(n, path, SCHEDULE, (o, name, enable) -> {
            TimeRange range = timeRange(o, path);
            List<String> files = f.requiredList(o, path, "Files");
            String query = f.requiredString(o, path, "Query");
            String outfile = f.requiredString(o, path, "Outfile");
            List<String> allowFrom = f.optionalList(o, path, "AllowFrom");
            List<String> servers = f.optionalList(o, path, "Servers");
            Optional<String> discovery = f.optionalString(o, path, "Discovery");
            checkName(name, path, allowFrom, servers);
            return () -> new ScheduleJob(name, enable, range, files, query, outfile, allowFrom, servers, discovery);
        });
    }

    Optional<ContinuousJob> continuous(JsonNode n, String path) {
        return job(n, path, CONTINUOUS, (o, name, enable) -> {
            List<String> files = f.requiredList(o, path, "Files");
            String query = f.requiredString(o, path, "Query");
            Optional<String> outfile = f.optionalString(o, path, "Outfile");
            List<String> allowFrom = f.optionalList(o, path, "AllowFrom");
            boolean restart = f.bool(o, path, "RestartOnDayChange", false);
            Optional<String> graphite = f.optionalString(o, path, "Graphite");
            Optional<String> prefix = f.optionalString(o, path, "GraphitePrefix");
            List<String> servers = f.optionalList(o, path, "Servers");
            Optional<String> discovery = f.optionalString(o, path, "Discovery");
            boolean graphiteGiven = FieldReader.isPresent(o.get("Graphite"));
            if (outfile.isEmpty() && !graphiteGiven && !ContinuousJob.mayNameAnOutfile(query)) {
                f.error(path, "needs " + ContinuousJob.NEEDS_A_TARGET);
            }
            if (prefix.isPresent() && !graphiteGiven) {
                f.warn(path + ".GraphitePrefix", "no Graphite target, prefix unused");
            }
            checkName(name, path, allowFrom, servers);
            return () -> new ContinuousJob(name, enable, files, query, outfile, allowFrom, restart, graphite,
                    prefix, servers, discovery);
        });
    }

    /** The fields after {@code Name} and {@code Enable}; the job is built only when none of them had an error. */
    @FunctionalInterface
    private interface JobFields<T> {
        Supplier<T> read(ObjectNode o, String name, boolean enable);
    }

    private <T> Optional<T> job(JsonNode n, String path, Set<String> keys, JobFields<T> fields) {
        Optional<ObjectNode> object = f.object(n, path);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode o = object.get();
        int before = f.errorCount();
        f.checkKeys(o, path, keys, Set.of());
        String name = f.requiredString(o, path, "Name");
        boolean enable = f.bool(o, path, "Enable", false);
        Supplier<T> job = fields.read(o, name, enable);
        return f.errorCount() > before ? Optional.empty() : Optional.of(job.get());
    }

    /**
     * Names are unique across all jobs; a job that reads from other servers, or that others read for, logs in
     * under its Name.
     */
    private void checkName(String name, String path, List<String> allowFrom, List<String> servers) {
        if (name == null) {
            return;
        }
        String earlier = jobNames.putIfAbsent(name, path);
        if (earlier != null) {
            f.error(path + ".Name", "duplicate job name \"" + name + "\", also used by " + earlier);
        }
        if ((!allowFrom.isEmpty() || !servers.isEmpty()) && !LoginName.isValid(name)) {
            f.error(path + ".Name", "a job with Servers or AllowFrom logs in under its Name, which must be a "
                    + "login name (letters, digits, . _ @ -, not starting with . or -, at most 64), got \""
                    + name + "\"");
        } else if ((!allowFrom.isEmpty() || !servers.isEmpty()) && name.equals(ServerConfig.RELAYS_KEYS_NAME)) {
            f.error(path + ".Name", "a job with Servers or AllowFrom logs in under its Name, and \"" + name
                    + "\" is not one: <CacheDir>/" + name + ".authorized_keys lists the keys of relays, not of a job;"
                    + " choose another Name");
        }
    }

    private TimeRange timeRange(ObjectNode o, String path) {
        JsonNode n = o.get("TimeRange");
        String p = path + ".TimeRange";
        if (!FieldReader.isPresent(n)) {
            f.error(p, "required");
            return null;
        }
        if (!n.isArray() || n.size() != 2 || !isHour(n.get(0)) || !isHour(n.get(1))) {
            f.error(p, "expected two hours 0-24, got " + FieldReader.show(n));
            return null;
        }
        int from = n.get(0).intValue();
        int to = n.get(1).intValue();
        if (from >= to) {
            f.error(p, "expected fromHour < toHour, got " + FieldReader.show(n));
            return null;
        }
        return new TimeRange(from, to);
    }

    private static boolean isHour(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0 && n.intValue() <= 24;
    }
}
