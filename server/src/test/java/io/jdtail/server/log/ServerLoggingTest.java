package io.jdtail.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ServerLoggingTest {

    @TempDir
    Path dir;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level savedLevel = root.getLevel();

    @AfterEach
    void restore() {
        var file = root.getAppender("FILE");
        if (file != null) {
            root.detachAppender(file);
            file.stop();
        }
        root.setLevel(savedLevel);
    }

    @Test
    void fileLoggingWritesToLogDirWithDailyAndSizeRotation() throws Exception {
        Path logDir = dir.resolve("log");
        List<String> problems = new ArrayList<>();
        Optional<Path> file = ServerLogging.configure(ServerLogging.Target.BOTH, logDir, Level.INFO, problems::add);

        assertThat(problems).isEmpty();
        assertThat(file).contains(logDir.resolve("dserver.log").toAbsolutePath());
        LoggerFactory.getLogger("probe.Probe").info("a line for the file");
        LoggerFactory.getLogger("probe.Probe").debug("not at info");
        assertThat(Files.readString(file.get(), StandardCharsets.UTF_8)).contains("INFO  Probe - a line for the file")
                .doesNotContain("not at info");

        RollingFileAppender<?> appender = (RollingFileAppender<?>) root.getAppender("FILE");
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) appender.getRollingPolicy();
        assertThat(policy.getFileNamePattern()).isEqualTo(logDir.toAbsolutePath() + "/dserver.%d{yyyyMMdd}.%i.log.gz");
        assertThat(policy.getMaxHistory()).isEqualTo(ServerLogging.MAX_DAYS);
        assertThat(root.getAppender("STDERR")).as("fout keeps stderr").isNotNull();
    }

    @Test
    void anUnwritableLogDirIsAWarningAndStderrGoesOn() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        List<String> problems = new ArrayList<>();

        Optional<Path> file = ServerLogging.configure(ServerLogging.Target.FILE, notADir.resolve("log"), Level.WARN, problems::add);

        assertThat(file).isEmpty();
        assertThat(problems).singleElement().asString().startsWith("cannot write logs to " + notADir.resolve("log"))
                .endsWith("; logging to stderr only");
        assertThat(root.getAppender("STDERR")).isNotNull();
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void dtailLevelsAndLoggerNamesMap() {
        assertThat(ServerLogging.level("Info")).isEqualTo(Level.INFO);
        assertThat(ServerLogging.level("verbose")).isEqualTo(Level.DEBUG);
        assertThat(ServerLogging.level("none")).isEqualTo(Level.OFF);
        assertThatThrownBy(() -> ServerLogging.level("loud")).hasMessage("unknown log level 'loud': use error, warn, info, debug or trace");
        assertThat(ServerLogging.Target.parse("stdout")).isEqualTo(ServerLogging.Target.STDERR);
        assertThat(ServerLogging.Target.parse("fout")).isEqualTo(ServerLogging.Target.BOTH);
        assertThatThrownBy(() -> ServerLogging.Target.parse("syslog")).hasMessageStartingWith("unknown --logger 'syslog'");
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
    }
}
