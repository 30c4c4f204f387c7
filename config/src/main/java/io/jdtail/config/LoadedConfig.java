package io.jdtail.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A configuration that loaded, with its warnings.
 *
 * @param config   the configuration
 * @param warnings every non-fatal remark (unknown keys, DTail keys jdtail ignores ...), in file order
 * @param source   the file read; empty for built-in defaults
 */
public record LoadedConfig(DtailConfig config, List<ConfigWarning> warnings, Optional<Path> source) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }

    /** The built-in defaults, as {@code --cfg none}; reads nothing (nor loads the JSON parser). */
    public static LoadedConfig defaults() {
        return new LoadedConfig(DtailConfig.defaults(), List.of(), Optional.empty());
    }
}
