package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import ch.qos.logback.classic.Level;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.config.CommonConfig;
import io.jdtail.config.ConfigException;
import io.jdtail.config.ConfigLoader;
import io.jdtail.config.LoadedConfig;
import io.jdtail.logging.LogSetup;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * DTail's configuration file and logging flags, which every client takes (and, last, {@code --help} and
 * {@code --version}). Read before a command does anything else: a bad file or flag ends the command with a
 * message that says what to do.
 */
public final class SetupOptions {

    /** Where a client's log file goes unless {@code --logDir} says otherwise, as DTail's clients. */
    static final String DEFAULT_LOG_DIR = "~/log";

    @Option(names = {"--cfg", "-cfg"}, order = HelpLayout.SETUP + 1, paramLabel = "PATH",
            description = "DTail's dtail.json. The clients take Common.SSHPort (the port of servers named without one), "
                    + "Common.LogLevel and Client.TermColorsEnable from it; 'none' or no --cfg = built-in defaults.")
    String cfg;

    @Option(names = {"--logLevel", "-logLevel"}, order = HelpLayout.SETUP + 2, paramLabel = "LEVEL",
            description = "error, warn, info (default), debug or trace (DTail's names none, fatal, default, verbose, "
                    + "devel and all too). CLIENT messages below it are not shown; debug adds the stack trace of an "
                    + "unexpected error, trace MINA SSHD's own log.")
    String logLevel;

    @Option(names = {"--logger", "-logger"}, order = HelpLayout.SETUP + 3, paramLabel = "TARGET", defaultValue = "stderr",
            description = "Where the log goes: stderr (default), file (<logDir>/<command>.log, rolled daily) or fout (both).")
    String logger;

    @Option(names = {"--logDir", "-logDir"}, order = HelpLayout.SETUP + 4, paramLabel = "DIR",
            description = "Directory of the log file (default: " + DEFAULT_LOG_DIR + ").")
    String logDir;

    @Mixin
    HelpOptions help = new HelpOptions();

    /**
     * What the flags and the configuration settle.
     *
     * @param common  the configuration's {@code Common} section (built-in defaults without {@code --cfg})
     * @param colours whether the configuration allows colours ({@code Client.TermColorsEnable})
     * @param least   the least level of CLIENT message shown
     */
    record Setup(CommonConfig common, boolean colours, ClientMessages.Level least) {
    }

    /**
     * Reads {@code --cfg} and sets up the log of {@code command}. A file that cannot be used, or a flag with a
     * value it does not take, is an {@link IllegalArgumentException} with the message to show.
     *
     * @param problems hears what went wrong without stopping the command (a log directory that cannot be written,
     *                 the configuration's warnings: an unknown key, as dserver says it)
     */
    Setup apply(String command, Consumer<String> problems) {
        LoadedConfig loaded;
        try {
            // only the file asked for: a client does not search for one, so that starting costs nothing
            loaded = cfg == null ? LoadedConfig.defaults() : ConfigLoader.load(cfg);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        CommonConfig common = loaded.config().common();
        Level level = LogSetup.level(logLevel != null ? logLevel : common.logLevel());
        LogSetup.Target target = LogSetup.Target.parse(logger);
        if (target != LogSetup.Target.STDERR || !level.equals(Level.INFO)) {
            // otherwise Logback starts as it should be, when and if something logs: a serverless command that
            // logs nothing does not pay for setting it up
            LogSetup.configure(target, directory(logDir != null ? logDir : DEFAULT_LOG_DIR), command, level, problems);
        }
        loaded.warningTexts().forEach(problems);
        return new Setup(common, loaded.config().client().termColorsEnable(), least(level));
    }

    /** Whether an unexpected error should show its stack trace: {@code --logLevel debug} or finer. */
    static boolean stackTraces(String level) {
        try {
            return level != null && LogSetup.level(level).toInt() <= Level.DEBUG_INT;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ClientMessages.Level least(Level level) {
        return switch (level.toInt()) {
            case Level.OFF_INT -> ClientMessages.Level.NONE;
            case Level.ERROR_INT -> ClientMessages.Level.ERROR;
            case Level.WARN_INT -> ClientMessages.Level.WARN;
            case Level.INFO_INT -> ClientMessages.Level.INFO;
            default -> ClientMessages.Level.DEBUG;
        };
    }

    /** {@code ~/} is the user's home, as in DTail's default {@code ~/log}. */
    private static Path directory(String dir) {
        if (dir.equals("~") || dir.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(dir.substring(Math.min(2, dir.length())));
        }
        return Path.of(dir);
    }
}
