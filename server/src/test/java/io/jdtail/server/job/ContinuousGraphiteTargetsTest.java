package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdtail.config.ConfigException;
import io.jdtail.config.ConfigLoader;
import io.jdtail.server.cli.DserverRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dserver checks every continuous job's {@code Graphite} target with the Graphite sink's one host:port rule
 * before it starts, and does not start on a bad one, naming where it is in the configuration.
 */
class ContinuousGraphiteTargetsTest {

    @TempDir
    Path dir;

    private static String config(String... targets) {
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < targets.length; i++) {
            jobs.append(i == 0 ? "" : ", ").append("{\"Name\": \"c").append(i)
                    .append("\", \"Files\": \"/x\", \"Query\": \"q\", \"Graphite\": \"").append(targets[i]).append("\"}");
        }
        return "{\"Server\": {\"Continuous\": [" + jobs + "]}}";
    }

    private static List<String> problems(String... targets) throws ConfigException {
        var loaded = ConfigLoader.parse(config(targets), "test.json");
        return assertThrows(ConfigException.class, () -> ContinuousJobs.checkGraphiteTargets(loaded)).problems();
    }

    @ParameterizedTest
    @ValueSource(strings = {"graphite.example.org", "127.0.0.1:2103", "[::1]:2004", "[::1]", "fe80::1", " h:1 "})
    void goodTargetsPass(String target) throws ConfigException {
        ContinuousJobs.checkGraphiteTargets(ConfigLoader.parse(config(target), "test.json"));
    }

    @Test
    void moreThanOneColonWithoutBracketsIsRefused() throws ConfigException {
        assertThat(problems("a:b:c")).containsExactly("Server.Continuous[0].Graphite: graphite target: 'a:b:c':"
                + " more than one ':' (write an IPv6 address as [addr]:port)");
    }

    @Test
    void portOutOfRangeIsRefused() throws ConfigException {
        assertThat(problems("graphite:70000")).containsExactly("Server.Continuous[0].Graphite: graphite target:"
                + " 'graphite:70000': port '70000' is not a number from 1 to 65535");
    }

    @Test
    void everyBadTargetIsNamedByItsJobsPlaceEnabledOrNot() throws ConfigException {
        assertThat(problems("graphite", ":2003", "h:x", "[::1")).containsExactly(
                "Server.Continuous[1].Graphite: graphite target: ':2003': no host (expected host[:port])",
                "Server.Continuous[2].Graphite: graphite target: 'h:x': port 'x' is not a number from 1 to 65535",
                "Server.Continuous[3].Graphite: graphite target: '[::1': missing ']' after the IPv6 address");
    }

    @Test
    void dserverDoesNotStartOnABadTargetAndSaysWhere() throws Exception {
        Path cfg = dir.resolve("dtail.json");
        Files.writeString(cfg, config("graphite:70000"));
        DserverRun r = DserverRun.run("--cfg", cfg.toString(), "--port", "0", "--logger", "stderr");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("dserver: " + cfg
                + ": Server.Continuous[0].Graphite: graphite target: 'graphite:70000': port '70000' is not a number"
                + " from 1 to 65535" + System.lineSeparator());
    }
}
