package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void versionIsTheProjectsVersion() {
        assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void versionFlagPrintsItWithTheJavaVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Commands.execute(new DcatCommand(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "--version");
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("jdtail " + Version.current() + " (Java " + Runtime.version() + ")");
    }
}
