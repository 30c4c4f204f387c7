package io.jdtail.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unknown key in dserver's {@code --cfg} file is warned about as the clients warn about it (their
 * ConfigWarningsTest): {@code dserver: warning: <file>: <key path>: unknown key, ignored ...}.
 */
class DserverConfigWarningsTest {

    @Test
    void anUnknownKeyIsWarnedAboutWithItsFile(@TempDir Path dir) throws Exception {
        // a host key file that holds no key: dserver stops right after reading its configuration
        Path notAKey = Files.writeString(dir.resolve("not_a_key"), "not a key\n");
        Path cfg = Files.writeString(dir.resolve("dtail.json"), "{\"Common\": {\"SSHport\": 2223, \"CacheDir\": \""
                + dir.resolve("cache") + "\"}, \"Server\": {\"HostKeyFile\": \"" + notAKey + "\"}}");
        DserverRun r = DserverRun.run("--cfg", cfg.toString(), "--bindAddress", "127.0.0.1", "--port", "0",
                "--logger", "stderr");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines().toList()).contains("dserver: warning: " + cfg
                + ": Common.SSHport: unknown key, ignored (did you mean \"SSHPort\"? keys are case-sensitive)");
    }
}
