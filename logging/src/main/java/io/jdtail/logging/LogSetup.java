package io.jdtail.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The log of a jdtail process (dserver or a client), as DTail's {@code --logLevel}, {@code --logger}
 * and {@code --logDir} set it up: stderr ({@link StderrLogConfigurator}) and, unless {@code --logger
 * stderr}, a file {@code <LogDir>/<name>.log} rolled over every day and at {@link #MAX_FILE_SIZE}, old
 * files gzipped and kept for {@link #MAX_DAYS} days within {@link #TOTAL_SIZE_CAP}. A log directory
 * that cannot be written never stops the process: it says so and logs to stderr only.
 *
 * <p>MINA SSHD logs at ERROR whatever the level, but for {@code trace}, which shows its debug messages too:
 * at {@code debug} they would bury the process's own.
 */
public final class LogSetup {

    public static final String MAX_FILE_SIZE = "100MB";
    public static final int MAX_DAYS = 7;
    public static final String TOTAL_SIZE_CAP = "1GB";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    static final String SSHD = "org.apache.sshd";
    static final String FILE_APPENDER = "FILE";

    /** Where the log goes: DTail's {@code --logger} values; {@code stdout} means the console (jdtail logs nothing there). */
    public enum Target {
        STDERR, FILE, BOTH;

        public static Target parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "stderr", "stdout", "console" -> STDERR;
                case "file" -> FILE;
                case "fout", "both" -> BOTH;
                default -> throw new IllegalArgumentException("unknown --logger '" + text + "': use stderr, file or fout (file and stderr)");
            };
        }
    }

    private LogSetup() {
    }

    /** DTail's level names mapped onto Logback's. */
    public static Level level(String dtailLevel) {
        return switch (dtailLevel.toLowerCase(Locale.ROOT)) {
            case "none", "fatal" -> Level.OFF;
            case "error" -> Level.ERROR;
            case "warn" -> Level.WARN;
            case "info", "default" -> Level.INFO;
            case "verbose", "debug" -> Level.DEBUG;
            case "devel", "trace", "all" -> Level.TRACE;
            default -> throw new IllegalArgumentException("unknown log level '" + dtailLevel
                    + "': use error, warn, info, debug or trace");
        };
    }

    /**
     * Sets the level and the targets; {@code name} names the log file ({@code dserver}, {@code dgrep}).
     * Returns the log file, or empty when logging to stderr only (also when the directory could not be
     * made; {@code problems} is told why).
     */
    public static Optional<Path> configure(Target target, Path logDir, String name, Level level,
                                           Consumer<String> problems) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        context.getLogger(SSHD).setLevel(level == Level.TRACE ? Level.DEBUG : Level.ERROR);
        // the whole state is set here, whatever an earlier call set (tests run many commands in one JVM)
        Appender<ILoggingEvent> previous = root.getAppender(FILE_APPENDER);
        if (previous != null) {
            root.detachAppender(previous);
            previous.stop();
        }
        if (root.getAppender(StderrLogConfigurator.APPENDER) == null) {
            root.addAppender(StderrLogConfigurator.console(context));
        }
        if (target == Target.STDERR) {
            return Optional.empty();
        }
        Path file = logDir.resolve(name + ".log").toAbsolutePath();
        try {
            Files.createDirectories(logDir);
            if (!Files.isWritable(logDir)) {
                throw new IOException("not writable");
            }
        } catch (IOException e) {
            problems.accept("cannot write logs to " + logDir.toAbsolutePath() + ": " + whyNotWritable(logDir.toAbsolutePath(), e)
                    + "; logging to stderr only (point the log directory, --logDir or LogDir in the config, at a directory"
                    + " you may write, or use --logger stderr)");
            return Optional.empty();
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(FILE_APPENDER);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(logDir.toAbsolutePath().resolve(name + ".%d{yyyyMMdd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        policy.setMaxHistory(MAX_DAYS);
        policy.setTotalSizeCap(FileSize.valueOf(TOTAL_SIZE_CAP));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        root.addAppender(appender);
        if (target == Target.FILE) {
            Appender<ILoggingEvent> console = root.getAppender(StderrLogConfigurator.APPENDER);
            if (console != null) {
                root.detachAppender(console);
            }
        }
        return Optional.of(file);
    }

    /**
     * Names the path component in the way, because the exception's own text ("Not a directory", a bare path) does not
     * say which component is wrong or what about it.
     */
    private static String whyNotWritable(Path logDir, IOException failure) {
        Path existing = logDir;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return String.valueOf(failure.getMessage());
        }
        if (!Files.isDirectory(existing)) {
            return existing + " is a file, not a directory";
        }
        if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
            String user = System.getProperty("user.name");
            try {
                PosixFileAttributes attributes = Files.readAttributes(existing, PosixFileAttributes.class);
                return user + " may not write to " + existing + " (" + PosixFilePermissions.toString(attributes.permissions())
                        + ", owner " + attributes.owner().getName() + ")";
            } catch (IOException | UnsupportedOperationException e) {
                return user + " may not write to " + existing;
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
