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

    /**
     * Each warning as dserver and every client print it, after {@code <program>: warning: }: the file, the key
     * path and what happens, e.g. {@code /etc/dtail/dtail.json: Common.SSHport: unknown key, ignored (did you mean
     * "SSHPort"? keys are case-sensitive)}. One wording for all, so a typo reads the same whichever tool found it.
     */
    public List<String> warningTexts() {
        String file = source.map(f -> f + ": ").orElse("");
        return warnings.stream().map(w -> file + w).toList();
    }

    /** The built-in defaults, as {@code --cfg none}; reads nothing (nor loads the JSON parser). */
    public static LoadedConfig defaults() {
        return new LoadedConfig(DtailConfig.defaults(), List.of(), Optional.empty());
    }
}
