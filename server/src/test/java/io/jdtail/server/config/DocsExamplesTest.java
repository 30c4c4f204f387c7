package io.jdtail.server.config;

import io.jdtail.config.ConfigException;
import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.config.LoadedConfig;
import io.jdtail.config.ScheduleJob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.job.JobRunner;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every configuration example in the documentation loads: each {@code ```json} block of the repository's
 * Markdown files (READMEs and {@code docs/}) is a whole {@code dtail.json} that parses without an error or a
 * warning. (A fragment that is not a whole configuration belongs in a block of another language.)
 */
class DocsExamplesTest {

    static final Pattern JSON_BLOCK = Pattern.compile("(?ms)^```json\\s*\\n(.*?)^```");

    /** The repository root: the server module's parent. */
    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("server/README.md")) ? here : here.getParent();
    }

    static List<Path> markdownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, 4)) {
            walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> root.relativize(p).toString().split("/").length <= 2
                            || root.relativize(p).startsWith("docs"))
                    .filter(p -> !root.relativize(p).toString().contains("target/"))
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    /** The example scheduled jobs' queries are queries the scheduler runs. */
    static void assertQueriesCompile(DtailConfig config, String where) {
        JobRunner runner = new JobRunner(config, new HostContext("docs", ZoneOffset.UTC), Clock.systemUTC(),
                Duration.ofSeconds(1));
        for (ScheduleJob job : config.server().schedule()) {
            assertEquals(Optional.empty(), runner.check(job), where + ", job " + job.name());
        }
    }

    @Test
    void theExampleConfigurationsScheduledQueriesCompile() throws Exception {
        assertQueriesCompile(ConfigLoader.parse(ConfigResourcesTest.resource("dtail.example.json"), "example")
                .config(), "dtail.example.json");
    }

    @Test
    void everyJsonExampleInTheDocsIsAConfigurationThatLoads() throws Exception {
        Path root = repository();
        int examples = 0;
        int inServerReadme = 0;
        for (Path md : markdownFiles(root)) {
            Matcher m = JSON_BLOCK.matcher(Files.readString(md));
            int block = 0;
            while (m.find()) {
                block++;
                examples++;
                if (md.endsWith("server/README.md")) {
                    inServerReadme++;
                }
                String where = root.relativize(md) + " json block " + block;
                LoadedConfig loaded;
                try {
                    loaded = ConfigLoader.parse(m.group(1), where);
                } catch (ConfigException e) {
                    fail(e.getMessage());
                    return;
                }
                assertEquals(List.of(), loaded.warnings(), where);
                assertQueriesCompile(loaded.config(), where);
            }
        }
        assertTrue(inServerReadme >= 3, "the scheduled-job examples of server/README.md were found (" + examples
                + " examples in all)");
    }
}
