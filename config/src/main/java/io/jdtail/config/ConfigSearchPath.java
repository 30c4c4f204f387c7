package io.jdtail.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Which configuration file a {@code --cfg} argument stands for, and where to look when it is not given. */
final class ConfigSearchPath {

    private ConfigSearchPath() {
    }

    /** The candidates for this user, in the order they are tried. */
    static List<Path> forThisUser() {
        return of(System.getenv(), Path.of(System.getProperty("user.home", "/")));
    }

    /** The candidates for the given environment and home directory, duplicates removed, first one kept. */
    static List<Path> of(Map<String, String> env, Path home) {
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
     * The file to read for a {@code --cfg} argument; empty means the built-in defaults.
     *
     * @param cfg        null or empty: the first candidate that is a regular file (none: defaults);
     *                   {@code none} (any case): defaults; else that path, whether it exists or not
     * @param candidates the search path, asked for only when {@code cfg} is not given
     * @param isFile     whether a candidate is a file to read
     */
    static Optional<Path> choose(String cfg, Supplier<List<Path>> candidates, Predicate<Path> isFile) {
        if (cfg == null || cfg.isEmpty()) {
            return candidates.get().stream().filter(isFile).findFirst();
        }
        if (cfg.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(cfg));
    }
}
