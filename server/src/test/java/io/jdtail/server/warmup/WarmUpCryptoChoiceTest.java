package io.jdtail.server.warmup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up logs in under whatever crypto MINA was given: jdtail's choice (the JDK's providers, {@code SshSecurity})
 * is made only where nobody chose before, and an operator may start dserver with MINA's own
 * {@code org.apache.sshd.security.registrars} (e.g. BouncyCastle's). Its key must then be one that MINA's signatures
 * take. MINA reads the choice once per JVM, so the warm-up runs in a JVM of its own ({@link WarmUpChild}).
 */
class WarmUpCryptoChoiceTest {

    private static final String BOUNCY_CASTLE =
            "org.apache.sshd.common.util.security.bouncycastle.BouncyCastleSecurityProviderRegistrar";

    @TempDir
    Path dir;

    @Test
    void theWarmUpLogsInUnderBouncyCastlesCryptoToo() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.apache.sshd.security.registrars=" + BOUNCY_CASTLE,
                "-cp", System.getProperty("java.class.path"), WarmUpChild.class.getName(), cacheDir.toString());
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child dserver's warm-up ended").isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(Files.readString(out)).as("its warm-up; its stderr: %s", Files.readString(err))
                .isEqualTo("answered: 6\n");
        assertThat(child.exitValue()).isZero();
    }
}
