package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code dtailhealth} without {@code --server} does DTail's serverless check: its WARNING line, exit 1 (as DTail's TestDTailHealth1). */
class DtailhealthServerlessTest {

    @Test
    void withoutServerTheServerlessCheckWarnsAndExitsOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);

        int status = Commands.execute(new DtailhealthCommand(stdout), stdout, new PrintStream(err, true, StandardCharsets.UTF_8),
                "--cfg", "none");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("WARNING: All seems fine but the check only run in serverless mode,"
                + " please specify a remote server via --server hostname:port\n");
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aSetUpThatFailsIsCriticalInTheServerlessCheckToo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);

        int status = Commands.execute(new DtailhealthCommand(stdout), stdout, System.err, "--cfg", "/nonexistent/dtail.json");

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("CRITICAL: serverless: ").contains("/nonexistent/dtail.json");
    }
}
