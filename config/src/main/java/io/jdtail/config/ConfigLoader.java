package io.jdtail.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 *
 * <p>The parts: {@link ConfigSearchPath} picks the file, {@link ConfigJson} reads its JSON, {@link FieldReader}
 * reads typed fields and collects the problems, and one reader per section ({@link CommonSection},
 * {@link ServerSection} with {@link PermissionsSection} and {@link JobSections}, {@link ClientSection}) builds
 * the records.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads according to a {@code --cfg} argument.
     *
     * @param cfg null or empty: search {@link #defaultSearchPath()}; {@code none} (any case): built-in defaults;
     *            else a file path that must exist
     */
    public static LoadedConfig load(String cfg) throws ConfigException {
        Optional<Path> file = ConfigSearchPath.choose(cfg, ConfigSearchPath::forThisUser, Files::isRegularFile);
        return file.isEmpty() ? LoadedConfig.defaults() : load(file.get());
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
        JsonNode root = ConfigJson.read(json, source);
        FieldReader f = new FieldReader();
        DtailConfig config = readRoot(root, f);
        if (!f.errors().isEmpty()) {
            throw new ConfigException(source, f.errors());
        }
        return new LoadedConfig(config, f.warnings(), Optional.empty());
    }

    private static DtailConfig readRoot(JsonNode root, FieldReader f) {
        if (!root.isObject()) {
            f.error("", "expected a JSON object at the top level, got " + FieldReader.show(root));
            return DtailConfig.defaults();
        }
        ObjectNode o = (ObjectNode) root;
        f.checkKeys(o, "", ConfigKeys.TOP, Set.of());
        CommonConfig common = CommonSection.read(f.object(o, "", "Common"), f);
        ServerConfig server = ServerSection.read(f.object(o, "", "Server"), f);
        ClientConfig client = ClientSection.read(f.object(o, "", "Client"), f);
        return new DtailConfig(common, server, client);
    }

    /**
     * Where {@code dserver} and the clients look for a configuration when no {@code --cfg} is given, first
     * existing file wins: {@code ./dtail.json}, {@code $XDG_CONFIG_HOME/dtail/dtail.json} (default
     * {@code ~/.config/dtail/dtail.json}), DTail's {@code ~/.config/dtail/dtail.conf} and {@code ~/.dtail.conf},
     * then {@code /etc/dtail/dtail.json}.
     */
    public static List<Path> defaultSearchPath() {
        return ConfigSearchPath.forThisUser();
    }

    /**
     * Every key path the loader knows, including DTail keys it accepts but does not use. Arrays are written
     * {@code []}, e.g. {@code Server.Schedule[].TimeRange}; per-user permission keys are not listed.
     */
    public static Set<String> knownKeys() {
        return ConfigKeys.known();
    }

    /** The key paths jdtail uses (what {@code dtail.example.json} must show). */
    public static Set<String> usedKeys() {
        return ConfigKeys.used();
    }
}
