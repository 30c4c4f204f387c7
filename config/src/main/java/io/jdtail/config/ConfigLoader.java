package io.jdtail.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code dtail.json} into an immutable {@link DtailConfig}.
 *
 * <p>Key names are DTail's, so an existing DTail configuration keeps working. Every problem is reported
 * as one message naming its JSON path ({@code Server.Schedule[1].TimeRange: expected two hours 0-24, got [5]});
 * all problems of a file are collected and thrown together in a {@link ConfigException}. Unknown keys,
 * and DTail keys jdtail does not use, are never fatal: they become {@link ConfigWarning}s.
 *
 * <p>Besides strict JSON, {@code //} and {@code /* *}{@code /} comments are accepted. A key given twice in
 * one object is an error. A JSON {@code null} counts as absent.
 *
 * <p>Where the file comes from ({@link #load(String)}): {@code --cfg none} = built-in defaults; {@code --cfg PATH}
 * = that file, which must exist; no {@code --cfg} = the first existing file of {@link #defaultSearchPath()}, else
 * the built-in defaults.
 */
public final class ConfigLoader {

    /** Top-level keys. {@code $schema} lets editors find dtail.schema.json; it is otherwise ignored. */
    static final Set<String> TOP = ordered("Common", "Server", "Client", "$schema");

    static final Set<String> COMMON = ordered("SSHPort", "LogDir", "CacheDir", "LogLevel");
    static final Set<String> COMMON_DTAIL_UNUSED = ordered("Logger", "LogRotation", "LogStrategy",
            "ExperimentalFeaturesEnable", "TmpDir");

    static final Set<String> SERVER = ordered("SSHBindAddress", "HostKeyFile", "MaxConnections", "MaxConcurrentCats",
            "MaxConcurrentTails", "MaxLineLength", "MapreduceLogFormat", "Permissions", "Schedule", "Continuous");
    static final Set<String> SERVER_DTAIL_UNUSED = ordered("HostKeyBits", "KeyExchanges", "Ciphers", "MACs");

    static final Set<String> CLIENT = ordered("TermColorsEnable");
    static final Set<String> CLIENT_DTAIL_UNUSED = ordered("TermColors");

    /** Fixed keys of {@code Server.Permissions}; every other key there is a user name. */
    static final Set<String> PERMISSIONS = ordered("Default", "Users");

    static final Set<String> SCHEDULE = ordered("Name", "Enable", "TimeRange", "Files", "Query", "Outfile",
            "AllowFrom", "Servers", "Discovery");
    static final Set<String> CONTINUOUS = ordered("Name", "Enable", "Files", "Query", "Outfile", "AllowFrom",
            "RestartOnDayChange", "Graphite", "GraphitePrefix", "Servers", "Discovery");

    /**
     * The parser alone: the tree is built here from its tokens, so that reading a configuration does not
     * load Jackson's data binding (an ObjectMapper is some 300 classes, metadata dserver would keep for good).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigLoader() {
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Loads according to a {@code --cfg} argument.
     *
     * @param cfg null or empty: search {@link #defaultSearchPath()}; {@code none} (any case): built-in defaults;
     *            else a file path that must exist
     */
    public static LoadedConfig load(String cfg) throws ConfigException {
        if (cfg == null || cfg.isEmpty()) {
            for (Path candidate : defaultSearchPath()) {
                if (Files.isRegularFile(candidate)) {
                    return load(candidate);
                }
            }
            return LoadedConfig.defaults();
        }
        if (cfg.equalsIgnoreCase("none")) {
            return LoadedConfig.defaults();
        }
        return load(Path.of(cfg));
    }

    /** Reads and validates one file. */
    public static LoadedConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("cannot read configuration: no such file"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read configuration: " + e));
        }
        LoadedConfig parsed = parse(text, file.toString());
        return new LoadedConfig(parsed.config(), parsed.warnings(), Optional.of(file));
    }

    /**
     * Parses configuration text.
     *
     * @param source a name for messages, e.g. the file name
     */
    public static LoadedConfig parse(String json, String source) throws ConfigException {
        JsonNode root;
        try {
            root = readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            if (nl >= 0) {
                msg = msg.substring(0, nl);
            }
            throw new ConfigException(source, List.of("invalid JSON" + where + ": " + msg));
        } catch (IOException e) {
            throw new UncheckedIOException("reading text cannot fail but for its content", e);
        }
        if (root == null) {
            throw new ConfigException(source, List.of("empty file, expected a JSON object"));
        }
        Reader r = new Reader();
        DtailConfig config = r.readRoot(root);
        if (!r.errors.isEmpty()) {
            throw new ConfigException(source, r.errors);
        }
        return new LoadedConfig(config, r.warnings, Optional.empty());
    }

    /** The document's value as a tree; null when there is none (empty, or only comments). */
    private static JsonNode readTree(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            return first == null ? null : value(p, first);
        }
    }

    /** The value that starts with {@code token}, the numbers typed as data binding would type them. */
    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(value(p, t));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected " + token);
        };
    }

    /**
     * Where {@code dserver} and the clients look for a configuration when no {@code --cfg} is given, first
     * existing file wins: {@code ./dtail.json}, {@code $XDG_CONFIG_HOME/dtail/dtail.json} (default
     * {@code ~/.config/dtail/dtail.json}), DTail's {@code ~/.config/dtail/dtail.conf} and {@code ~/.dtail.conf},
     * then {@code /etc/dtail/dtail.json}.
     */
    public static List<Path> defaultSearchPath() {
        return defaultSearchPath(System.getenv(), Path.of(System.getProperty("user.home", "/")));
    }

    static List<Path> defaultSearchPath(Map<String, String> env, Path home) {
        List<Path> paths = new ArrayList<>();
        paths.add(Path.of("dtail.json"));
        String xdg = env.get("XDG_CONFIG_HOME");
        Path configHome = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        paths.add(configHome.resolve("dtail/dtail.json"));
        paths.add(home.resolve(".config/dtail/dtail.conf"));
        paths.add(home.resolve(".dtail.conf"));
        paths.add(Path.of("/etc/dtail/dtail.json"));
        return List.copyOf(new LinkedHashSet<>(paths));
    }

    /**
     * Every key path the loader knows, including DTail keys it accepts but does not use. Arrays are written
     * {@code []}, e.g. {@code Server.Schedule[].TimeRange}; per-user permission keys are not listed.
     */
    public static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(usedKeys());
        COMMON_DTAIL_UNUSED.forEach(k -> keys.add("Common." + k));
        SERVER_DTAIL_UNUSED.forEach(k -> keys.add("Server." + k));
        CLIENT_DTAIL_UNUSED.forEach(k -> keys.add("Client." + k));
        keys.add("$schema");
        return Collections.unmodifiableSet(keys);
    }

    /** The key paths jdtail uses (what {@code dtail.example.json} must show). */
    public static Set<String> usedKeys() {
        Set<String> keys = new TreeSet<>();
        keys.add("Common");
        keys.add("Server");
        keys.add("Client");
        COMMON.forEach(k -> keys.add("Common." + k));
        SERVER.forEach(k -> keys.add("Server." + k));
        CLIENT.forEach(k -> keys.add("Client." + k));
        PERMISSIONS.forEach(k -> keys.add("Server.Permissions." + k));
        SCHEDULE.forEach(k -> keys.add("Server.Schedule[]." + k));
        CONTINUOUS.forEach(k -> keys.add("Server.Continuous[]." + k));
        return Collections.unmodifiableSet(keys);
    }

    private static Set<String> ordered(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }

    // ------------------------------------------------------------------ the reader

    /** Walks the tree, collecting errors and warnings. */
    private static final class Reader {
        final List<String> errors = new ArrayList<>();
        final List<ConfigWarning> warnings = new ArrayList<>();
        /** Job name → path of its first definition. */
        final Map<String, String> jobNames = new LinkedHashMap<>();

        DtailConfig readRoot(JsonNode root) {
            if (!root.isObject()) {
                errors.add("expected a JSON object at the top level, got " + show(root));
                return DtailConfig.defaults();
            }
            ObjectNode o = (ObjectNode) root;
            checkKeys(o, "", TOP, Set.of());
            CommonConfig common = readCommon(section(o, "Common"));
            ServerConfig server = readServer(section(o, "Server"));
            ClientConfig client = readClient(section(o, "Client"));
            return new DtailConfig(common, server, client);
        }

        /** The named section as an object; absent or null = empty; anything else = error and empty. */
        ObjectNode section(ObjectNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return NODES.objectNode();
            }
            if (!n.isObject()) {
                errors.add(key + ": expected an object, got " + show(n));
                return NODES.objectNode();
            }
            return (ObjectNode) n;
        }

        CommonConfig readCommon(ObjectNode o) {
            CommonConfig d = CommonConfig.defaults();
            checkKeys(o, "Common", COMMON, COMMON_DTAIL_UNUSED);
            int port = intIn(o, "Common", "SSHPort", d.sshPort(), 1, 65535, "a port 1-65535");
            String logDir = nonEmptyString(o, "Common", "LogDir", d.logDir());
            String cacheDir = nonEmptyString(o, "Common", "CacheDir", d.cacheDir());
            String level = nonEmptyString(o, "Common", "LogLevel", d.logLevel());
            String lower = level.toLowerCase(Locale.ROOT);
            if (!CommonConfig.LOG_LEVELS.contains(lower)) {
                errors.add("Common.LogLevel: expected one of " + String.join(", ", CommonConfig.LOG_LEVELS)
                        + ", got " + show(o.get("LogLevel")));
                lower = d.logLevel();
            }
            return new CommonConfig(port, logDir, cacheDir, lower);
        }

        ServerConfig readServer(ObjectNode o) {
            ServerConfig d = ServerConfig.defaults();
            checkKeys(o, "Server", SERVER, SERVER_DTAIL_UNUSED);
            String bind = nonEmptyString(o, "Server", "SSHBindAddress", d.sshBindAddress());
            String hostKey = nonEmptyString(o, "Server", "HostKeyFile", d.hostKeyFile());
            int maxConn = intIn(o, "Server", "MaxConnections", d.maxConnections(), 1, Integer.MAX_VALUE, "at least 1");
            int cats = intIn(o, "Server", "MaxConcurrentCats", d.maxConcurrentCats(), 1, Integer.MAX_VALUE,
                    "at least 1");
            int tails = intIn(o, "Server", "MaxConcurrentTails", d.maxConcurrentTails(), 1, Integer.MAX_VALUE,
                    "at least 1");
            int maxLine = intIn(o, "Server", "MaxLineLength", d.maxLineLength(), ServerConfig.MIN_MAX_LINE_LENGTH,
                    ServerConfig.MAX_MAX_LINE_LENGTH,
                    ServerConfig.MIN_MAX_LINE_LENGTH + "-" + ServerConfig.MAX_MAX_LINE_LENGTH);
            String format = nonEmptyString(o, "Server", "MapreduceLogFormat", d.mapreduceLogFormat());
            Permissions perms = readPermissions(o.get("Permissions"), "Server.Permissions", d.permissions());
            List<ScheduleJob> schedule = new ArrayList<>();
            JsonNode s = o.get("Schedule");
            if (isPresent(s)) {
                if (!s.isArray()) {
                    errors.add("Server.Schedule: expected an array, got " + show(s));
                } else {
                    for (int i = 0; i < s.size(); i++) {
                        ScheduleJob job = readSchedule(s.get(i), "Server.Schedule[" + i + "]");
                        if (job != null) {
                            schedule.add(job);
                        }
                    }
                }
            }
            List<ContinuousJob> continuous = new ArrayList<>();
            JsonNode c = o.get("Continuous");
            if (isPresent(c)) {
                if (!c.isArray()) {
                    errors.add("Server.Continuous: expected an array, got " + show(c));
                } else {
                    for (int i = 0; i < c.size(); i++) {
                        ContinuousJob job = readContinuous(c.get(i), "Server.Continuous[" + i + "]");
                        if (job != null) {
                            continuous.add(job);
                        }
                    }
                }
            }
            return new ServerConfig(bind, hostKey, maxConn, cats, tails, maxLine, format, perms, schedule, continuous);
        }

        ClientConfig readClient(ObjectNode o) {
            checkKeys(o, "Client", CLIENT, CLIENT_DTAIL_UNUSED);
            boolean colors = bool(o, "Client", "TermColorsEnable", true);
            Map<String, Object> termColors = Map.of();
            JsonNode tc = o.get("TermColors");
            if (isPresent(tc)) {
                if (!tc.isObject()) {
                    errors.add("Client.TermColors: expected an object, got " + show(tc));
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) freeze(tc);
                    termColors = m;
                }
            }
            return new ClientConfig(colors, termColors);
        }

        // -------------------------------------------------------------- permissions

        Permissions readPermissions(JsonNode n, String path, Permissions dflt) {
            if (!isPresent(n)) {
                return dflt;
            }
            if (!n.isObject()) {
                errors.add(path + ": expected an object, got " + show(n));
                return dflt;
            }
            List<PermissionRule> defaults = dflt.defaults();
            JsonNode d = n.get("Default");
            if (isPresent(d)) {
                defaults = rules(d, path + ".Default");
            }
            Map<String, List<PermissionRule>> users = new LinkedHashMap<>();
            Map<String, String> definedAt = new LinkedHashMap<>();
            for (var it = n.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String key = e.getKey();
                if (key.equals("Default") || !isPresent(e.getValue())) {
                    continue;
                }
                if (key.equals("Users") && e.getValue().isObject()) {
                    for (var uit = e.getValue().properties().iterator(); uit.hasNext(); ) {
                        var ue = uit.next();
                        if (isPresent(ue.getValue())) {
                            addUser(users, definedAt, ue.getKey(), path + ".Users." + ue.getKey(), ue.getValue());
                        }
                    }
                } else {
                    addUser(users, definedAt, key, path + "." + key, e.getValue());
                }
            }
            return new Permissions(defaults, users);
        }

        private void addUser(Map<String, List<PermissionRule>> users, Map<String, String> definedAt, String user,
                             String path, JsonNode value) {
            List<PermissionRule> r = rules(value, path);
            String earlier = definedAt.putIfAbsent(user, path);
            if (earlier != null) {
                errors.add(path + ": rules for user \"" + user + "\" given twice (also " + earlier + ")");
                return;
            }
            users.put(user, r);
        }

        List<PermissionRule> rules(JsonNode n, String path) {
            List<PermissionRule> out = new ArrayList<>();
            if (!n.isArray()) {
                errors.add(path + ": expected an array of rules like \"readfiles:^/var/log/\", got " + show(n));
                return out;
            }
            for (int i = 0; i < n.size(); i++) {
                JsonNode r = n.get(i);
                String p = path + "[" + i + "]";
                if (!r.isTextual()) {
                    errors.add(p + ": expected a string, got " + show(r));
                    continue;
                }
                try {
                    switch (PermissionRule.parse(r.textValue())) {
                        case PermissionRule.Parsed.Rule rule -> out.add(rule.rule());
                        case PermissionRule.Parsed.OtherType other -> warnings.add(new ConfigWarning(p,
                                "unknown permission type \"" + other.type() + "\", rule ignored"));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(p + ": " + e.getMessage());
                }
            }
            if (!out.isEmpty() && out.stream().allMatch(PermissionRule::deny)) {
                warnings.add(new ConfigWarning(path, "only deny rules: no file can be read; add \""
                        + Permissions.DEFAULT_RULE + "\" to allow everything else"));
            }
            return out;
        }

        // -------------------------------------------------------------- jobs

        ScheduleJob readSchedule(JsonNode n, String path) {
            if (!n.isObject()) {
                errors.add(path + ": expected an object, got " + show(n));
                return null;
            }
            ObjectNode o = (ObjectNode) n;
            int before = errors.size();
            checkKeys(o, path, SCHEDULE, Set.of());
            String name = requiredString(o, path, "Name");
            boolean enable = bool(o, path, "Enable", false);
            TimeRange range = timeRange(o, path);
            List<String> files = requiredList(o, path, "Files");
            String query = requiredString(o, path, "Query");
            String outfile = requiredString(o, path, "Outfile");
            List<String> allowFrom = optionalList(o, path, "AllowFrom");
            List<String> servers = optionalList(o, path, "Servers");
            Optional<String> discovery = optionalString(o, path, "Discovery");
            registerName(name, path);
            checkLoginName(name, path, allowFrom, servers);
            if (errors.size() > before) {
                return null;
            }
            return new ScheduleJob(name, enable, range, files, query, outfile, allowFrom, servers, discovery);
        }

        ContinuousJob readContinuous(JsonNode n, String path) {
            if (!n.isObject()) {
                errors.add(path + ": expected an object, got " + show(n));
                return null;
            }
            ObjectNode o = (ObjectNode) n;
            int before = errors.size();
            checkKeys(o, path, CONTINUOUS, Set.of());
            String name = requiredString(o, path, "Name");
            boolean enable = bool(o, path, "Enable", false);
            List<String> files = requiredList(o, path, "Files");
            String query = requiredString(o, path, "Query");
            Optional<String> outfile = optionalString(o, path, "Outfile");
            List<String> allowFrom = optionalList(o, path, "AllowFrom");
            boolean restart = bool(o, path, "RestartOnDayChange", false);
            Optional<GraphiteTarget> graphite = Optional.empty();
            Optional<String> graphiteText = optionalString(o, path, "Graphite");
            if (graphiteText.isPresent()) {
                try {
                    graphite = Optional.of(GraphiteTarget.parse(graphiteText.get()));
                } catch (IllegalArgumentException e) {
                    errors.add(path + ".Graphite: expected \"host:port\", got " + show(o.get("Graphite"))
                            + " (" + e.getMessage() + ")");
                }
            }
            Optional<String> prefix = optionalString(o, path, "GraphitePrefix");
            List<String> servers = optionalList(o, path, "Servers");
            Optional<String> discovery = optionalString(o, path, "Discovery");
            if (outfile.isEmpty() && !isPresent(o.get("Graphite"))) {
                errors.add(path + ": needs an Outfile, a Graphite target or both");
            }
            if (prefix.isPresent() && !isPresent(o.get("Graphite"))) {
                warnings.add(new ConfigWarning(path + ".GraphitePrefix", "no Graphite target, prefix unused"));
            }
            registerName(name, path);
            checkLoginName(name, path, allowFrom, servers);
            if (errors.size() > before) {
                return null;
            }
            return new ContinuousJob(name, enable, files, query, outfile, allowFrom, restart, graphite, prefix,
                    servers, discovery);
        }

        void registerName(String name, String path) {
            if (name == null) {
                return;
            }
            String earlier = jobNames.putIfAbsent(name, path);
            if (earlier != null) {
                errors.add(path + ".Name: duplicate job name \"" + name + "\", also used by " + earlier);
            }
        }

        /** A job that reads from other servers, or that others read for, logs in under its Name. */
        void checkLoginName(String name, String path, List<String> allowFrom, List<String> servers) {
            if (name != null && (!allowFrom.isEmpty() || !servers.isEmpty())
                    && !LoginName.isValid(name)) {
                errors.add(path + ".Name: a job with Servers or AllowFrom logs in under its Name, which must be a "
                        + "login name (letters, digits, . _ @ -, not starting with . or -, at most 64), got \""
                        + name + "\"");
            }
        }

        TimeRange timeRange(ObjectNode o, String path) {
            JsonNode n = o.get("TimeRange");
            String p = path + ".TimeRange";
            if (!isPresent(n)) {
                errors.add(p + ": required");
                return null;
            }
            if (!n.isArray() || n.size() != 2 || !isHour(n.get(0)) || !isHour(n.get(1))) {
                errors.add(p + ": expected two hours 0-24, got " + show(n));
                return null;
            }
            int from = n.get(0).intValue();
            int to = n.get(1).intValue();
            if (from >= to) {
                errors.add(p + ": expected fromHour < toHour, got " + show(n));
                return null;
            }
            return new TimeRange(from, to);
        }

        private static boolean isHour(JsonNode n) {
            return n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0 && n.intValue() <= 24;
        }

        // -------------------------------------------------------------- scalars

        void checkKeys(ObjectNode o, String path, Set<String> known, Set<String> dtailUnused) {
            for (var it = o.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                String p = path.isEmpty() ? key : path + "." + key;
                if (dtailUnused.contains(key)) {
                    warnings.add(new ConfigWarning(p, "DTail setting not used by jdtail, ignored"));
                } else if (!known.contains(key)) {
                    String hint = suggestion(key, known);
                    warnings.add(new ConfigWarning(p, "unknown key, ignored" + hint));
                }
            }
        }

        private static String suggestion(String key, Set<String> known) {
            for (String k : known) {
                if (k.equalsIgnoreCase(key)) {
                    return " (did you mean \"" + k + "\"? keys are case-sensitive)";
                }
            }
            return "";
        }

        int intIn(ObjectNode o, String path, String key, int dflt, int min, int max, String expected) {
            JsonNode n = o.get(key);
            if (!isPresent(n)) {
                return dflt;
            }
            String p = path + "." + key;
            if (!n.isIntegralNumber()) {
                errors.add(p + ": expected an integer, got " + show(n));
                return dflt;
            }
            if (!n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
                errors.add(p + ": expected " + expected + ", got " + show(n));
                return dflt;
            }
            return n.intValue();
        }

        boolean bool(ObjectNode o, String path, String key, boolean dflt) {
            JsonNode n = o.get(key);
            if (!isPresent(n)) {
                return dflt;
            }
            if (!n.isBoolean()) {
                errors.add(path + "." + key + ": expected true or false, got " + show(n));
                return dflt;
            }
            return n.booleanValue();
        }

        String nonEmptyString(ObjectNode o, String path, String key, String dflt) {
            return optionalString(o, path, key).orElse(dflt);
        }

        String requiredString(ObjectNode o, String path, String key) {
            if (!isPresent(o.get(key))) {
                errors.add(path + "." + key + ": required");
                return null;
            }
            return optionalString(o, path, key).orElse(null);
        }

        /** A present value must be a non-blank string. */
        Optional<String> optionalString(ObjectNode o, String path, String key) {
            JsonNode n = o.get(key);
            if (!isPresent(n)) {
                return Optional.empty();
            }
            String p = path + "." + key;
            if (!n.isTextual()) {
                errors.add(p + ": expected a string, got " + show(n));
                return Optional.empty();
            }
            if (n.textValue().isBlank()) {
                errors.add(p + ": must not be empty");
                return Optional.empty();
            }
            return Optional.of(n.textValue());
        }

        List<String> requiredList(ObjectNode o, String path, String key) {
            if (!isPresent(o.get(key))) {
                errors.add(path + "." + key + ": required");
                return List.of();
            }
            List<String> l = optionalList(o, path, key);
            if (l.isEmpty() && errorsDoNotMention(path + "." + key)) {
                errors.add(path + "." + key + ": must not be empty");
            }
            return l;
        }

        private boolean errorsDoNotMention(String p) {
            return errors.stream().noneMatch(e -> e.startsWith(p + ":"));
        }

        /** A comma-separated string (DTail) or an array of strings. */
        List<String> optionalList(ObjectNode o, String path, String key) {
            JsonNode n = o.get(key);
            if (!isPresent(n)) {
                return List.of();
            }
            String p = path + "." + key;
            List<String> out = new ArrayList<>();
            if (n.isTextual()) {
                for (String part : n.textValue().split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
                return out;
            }
            if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    JsonNode e = n.get(i);
                    if (!e.isTextual() || e.textValue().isBlank()) {
                        errors.add(p + "[" + i + "]: expected a non-empty string, got " + show(e));
                    } else {
                        out.add(e.textValue());
                    }
                }
                return out;
            }
            errors.add(p + ": expected a string or an array of strings, got " + show(n));
            return out;
        }

        static boolean isPresent(JsonNode n) {
            return n != null && !n.isNull() && !n.isMissingNode();
        }

        /** A JSON value as compact JSON text, cut at 60 characters. */
        static String show(JsonNode n) {
            String s = n == null ? "nothing" : n.toString();
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }

        /** Deep immutable copy of a JSON tree as maps, lists and scalars. */
        static Object freeze(JsonNode n) {
            if (n.isObject()) {
                Map<String, Object> m = new LinkedHashMap<>();
                n.properties().forEach(e -> {
                    Object v = freeze(e.getValue());
                    if (v != null) {
                        m.put(e.getKey(), v);
                    }
                });
                return Collections.unmodifiableMap(m);
            }
            if (n.isArray()) {
                List<Object> l = new ArrayList<>();
                n.forEach(e -> {
                    Object v = freeze(e);
                    if (v != null) {
                        l.add(v);
                    }
                });
                return Collections.unmodifiableList(l);
            }
            if (n.isTextual()) {
                return n.textValue();
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            if (n.isNumber()) {
                return n.numberValue();
            }
            return null;
        }
    }
}
