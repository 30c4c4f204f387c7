package io.jdtail.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code dserver --version} says the release, as the clients do, and exits 0 without starting a server. */
class DserverVersionTest {

    @Test
    void versionFlagPrintsTheReleaseAndTheJavaVersion() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new DserverCommand());
        cl.setOut(new PrintWriter(out, true));

        int status = cl.execute("--version");

        assertThat(status).isZero();
        assertThat(out.toString())
                .matches("jdtail \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java " + Pattern.quote(Runtime.version().toString()) + "\\)\n");
    }
}
