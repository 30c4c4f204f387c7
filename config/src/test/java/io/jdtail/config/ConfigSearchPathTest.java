package io.jdtail.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class ConfigSearchPathTest {

    @Test
    void withoutCfgTheFirstExistingRegularFileWins(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.json");
        Path directory = Files.createDirectory(dir.resolve("adir.json"));
        Path second = Files.writeString(dir.resolve("second.json"), "{}");
        Path third = Files.writeString(dir.resolve("third.json"), "{}");
        List<Path> candidates = List.of(missing, directory, second, third);
        assertEquals(Optional.of(second), ConfigSearchPath.choose(null, () -> candidates, Files::isRegularFile));
        assertEquals(Optional.of(second), ConfigSearchPath.choose("", () -> candidates, Files::isRegularFile));
        assertEquals(Optional.empty(), ConfigSearchPath.choose(null, () -> List.of(missing, directory),
                Files::isRegularFile));
    }

    @Test
    void noneMeansDefaultsAndAPathIsTakenAsGivenWithoutSearching() {
        assertEquals(Optional.empty(), ConfigSearchPath.choose("none", () -> fail("searched"), p -> true));
        assertEquals(Optional.empty(), ConfigSearchPath.choose("NoNe", () -> fail("searched"), p -> true));
        assertEquals(Optional.of(Path.of("/no/such/file.json")),
                ConfigSearchPath.choose("/no/such/file.json", () -> fail("searched"), p -> false));
    }

    @Test
    void duplicatesAreTriedOnce() {
        // XDG_CONFIG_HOME set to ~/.config names the same file as the default
        assertEquals(List.of(Path.of("dtail.json"), Path.of("/home/u/.config/dtail/dtail.json"),
                        Path.of("/home/u/.config/dtail/dtail.conf"), Path.of("/home/u/.dtail.conf"),
                        Path.of("/etc/dtail/dtail.json")),
                ConfigSearchPath.of(Map.of("XDG_CONFIG_HOME", "/home/u/.config"), Path.of("/home/u")));
        assertEquals(Path.of("/home/u/.config/dtail/dtail.json"),
                ConfigSearchPath.of(Map.of("XDG_CONFIG_HOME", " "), Path.of("/home/u")).get(1));
    }
}
