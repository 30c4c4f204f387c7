package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.ClientRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An unknown key in the {@code --cfg} file (a typo) is warned about by every client as dserver warns about it,
 * in the same words: {@code <command>: warning: <file>: <key path>: unknown key, ignored ...}.
 */
class ConfigWarningsTest {

    @TempDir
    Path dir;

    private Path typo() throws IOException {
        return Files.writeString(dir.resolve("dtail.json"), "{\"Common\": {\"SSHport\": 2223, \"LogLevel\": \"info\"}}");
    }

    private String expected(String command, Path cfg) {
        return command + ": warning: " + cfg + ": Common.SSHport: unknown key, ignored (did you mean \"SSHPort\"? keys are"
                + " case-sensitive)";
    }

    @ParameterizedTest
    @ValueSource(strings = {"dcat", "dgrep", "dmap", "dtail"})
    void everyClientWarnsAboutAnUnknownKey(String command) throws IOException {
        Path cfg = typo();
        Path log = Files.writeString(dir.resolve("app.log"), "a line\n");
        Supplier<ClientCommand> make = switch (command) {
            case "dcat" -> DcatCommand::new;
            case "dgrep" -> DgrepCommand::new;
            case "dmap" -> DmapCommand::new;
            default -> DtailCommand::new;
        };
        // dtail would follow the file for ever: a query it refuses ends it, after the configuration was read
        String[] args = switch (command) {
            case "dgrep" -> new String[] {"--cfg", cfg.toString(), "--regex", "line", log.toString()};
            case "dmap" -> new String[] {"--cfg", cfg.toString(), "--query", "select count($line)", log.toString()};
            case "dtail" -> new String[] {"--cfg", cfg.toString(), "--query", "select", log.toString()};
            default -> new String[] {"--cfg", cfg.toString(), log.toString()};
        };

        ClientRun r = ClientRun.run((o, e, i, t) -> make.get().redirect(o, e, i, t), null, args);

        assertThat(r.err().lines().toList()).as(r.err()).contains(expected(command, cfg));
    }

    @Test
    void dtailhealthWarnsAboutAnUnknownKey() throws IOException {
        Path cfg = typo();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Commands.execute(new DtailhealthCommand(new PrintStream(java.io.OutputStream.nullOutputStream())),
                    new PrintStream(java.io.OutputStream.nullOutputStream()), System.err, "--cfg", cfg.toString());
        } finally {
            System.setErr(stderr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).contains(expected("dtailhealth", cfg));
    }
}
