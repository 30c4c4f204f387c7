package io.jdtail.logging;

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

class LogSetupTest {

    @TempDir
    Path dir;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level savedLevel = root.getLevel();
    private final Logger sshd = (Logger) LoggerFactory.getLogger("org.apache.sshd");

    @AfterEach
    void restore() {
        var file = root.getAppender("FILE");
        if (file != null) {
            root.detachAppender(file);
            file.stop();
        }
        root.setLevel(savedLevel);
        sshd.setLevel(Level.ERROR);
    }

    @Test
    void fileLoggingWritesToLogDirWithDailyAndSizeRotation() throws Exception {
        Path logDir = dir.resolve("log");
        List<String> problems = new ArrayList<>();
        Optional<Path> file = LogSetup.configure(LogSetup.Target.BOTH, logDir, "dserver", Level.INFO, problems::add);

        assertThat(problems).isEmpty();
        assertThat(file).contains(logDir.resolve("dserver.log").toAbsolutePath());
        LoggerFactory.getLogger("probe.Probe").info("a line for the file");
        LoggerFactory.getLogger("probe.Probe").debug("not at info");
        assertThat(Files.readString(file.get(), StandardCharsets.UTF_8)).contains("INFO  Probe - a line for the file")
                .doesNotContain("not at info");

        RollingFileAppender<?> appender = (RollingFileAppender<?>) root.getAppender("FILE");
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) appender.getRollingPolicy();
        assertThat(policy.getFileNamePattern()).isEqualTo(logDir.toAbsolutePath() + "/dserver.%d{yyyyMMdd}.%i.log.gz");
        assertThat(policy.getMaxHistory()).isEqualTo(LogSetup.MAX_DAYS);
        assertThat(root.getAppender("STDERR")).as("fout keeps stderr").isNotNull();
    }

    @Test
    void anUnwritableLogDirIsAWarningAndStderrGoesOn() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        List<String> problems = new ArrayList<>();

        Optional<Path> file = LogSetup.configure(LogSetup.Target.FILE, notADir.resolve("log"), "dgrep", Level.WARN, problems::add);

        assertThat(file).isEmpty();
        assertThat(problems).containsExactly("cannot write logs to " + notADir.resolve("log") + ": " + notADir
                + " is a file, not a directory; logging to stderr only (point the log directory, --logDir or LogDir in"
                + " the config, at a directory you may write, or use --logger stderr)");
        assertThat(root.getAppender("STDERR")).isNotNull();
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void dtailLevelsAndLoggerNamesMap() {
        assertThat(LogSetup.level("Info")).isEqualTo(Level.INFO);
        assertThat(LogSetup.level("verbose")).isEqualTo(Level.DEBUG);
        assertThat(LogSetup.level("none")).isEqualTo(Level.OFF);
        assertThatThrownBy(() -> LogSetup.level("loud")).hasMessage("unknown log level 'loud': use error, warn, info, debug or trace");
        assertThat(LogSetup.Target.parse("stdout")).isEqualTo(LogSetup.Target.STDERR);
        assertThat(LogSetup.Target.parse("fout")).isEqualTo(LogSetup.Target.BOTH);
        assertThatThrownBy(() -> LogSetup.Target.parse("syslog")).hasMessageStartingWith("unknown --logger 'syslog'");
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
    }

    /** MINA SSHD's debug messages would bury the process's own: they show at trace only. */
    @Test
    void minaSshdStaysAtErrorButForTrace() {
        LogSetup.configure(LogSetup.Target.STDERR, dir, "dcat", Level.DEBUG, p -> { });
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(sshd.getLevel()).isEqualTo(Level.ERROR);
        LogSetup.configure(LogSetup.Target.STDERR, dir, "dcat", Level.TRACE, p -> { });
        assertThat(sshd.getLevel()).isEqualTo(Level.DEBUG);
        LogSetup.configure(LogSetup.Target.STDERR, dir, "dcat", Level.OFF, p -> { });
        assertThat(sshd.getLevel()).isEqualTo(Level.ERROR);
    }

    /** Each call sets the whole state: a later --logger stderr ends the file log and brings stderr back. */
    @Test
    void aLaterCallReplacesWhatAnEarlierOneSetUp() throws Exception {
        Optional<Path> first = LogSetup.configure(LogSetup.Target.FILE, dir.resolve("a"), "dcat", Level.INFO, p -> { });
        assertThat(first).isPresent();
        assertThat(root.getAppender("STDERR")).as("file only").isNull();
        Optional<Path> second = LogSetup.configure(LogSetup.Target.FILE, dir.resolve("b"), "dgrep", Level.INFO, p -> { });
        LoggerFactory.getLogger("probe.Probe").info("only in the second file");
        assertThat(Files.readString(second.orElseThrow(), StandardCharsets.UTF_8)).contains("only in the second file");
        assertThat(Files.readString(first.get(), StandardCharsets.UTF_8)).doesNotContain("only in the second file");

        LogSetup.configure(LogSetup.Target.STDERR, dir, "dcat", Level.INFO, p -> { });
        assertThat(root.getAppender("FILE")).isNull();
        assertThat(root.getAppender("STDERR")).isNotNull();
    }
}
