package io.jdtail.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging every jdtail process starts with (dserver, and the clients, which share the
 * distribution's lib/): stderr only, never stdout, which carries data; MINA SSHD at ERROR; the root
 * level from {@code JDTAIL_LOG_LEVEL} (default INFO), which {@code --logLevel} changes later
 * ({@link LogSetup}). Configured in code because reading an XML configuration costs every client run about 40
 * ms of start-up. A {@code logback-test.xml} or {@code -Dlogback.configurationFile} still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {

    /** The console appender's name; {@link LogSetup} detaches it for {@code --logger file}. */
    static final String APPENDER = "STDERR";

    private final boolean configuredElsewhere;

    /** Logback creates it through the ServiceLoader. */
    public StderrLogConfigurator() {
        this(System.getProperty("logback.configurationFile") != null
                || StderrLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null);
    }

    StderrLogConfigurator(boolean configuredElsewhere) {
        this.configuredElsewhere = configuredElsewhere;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (configuredElsewhere) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("JDTAIL_LOG_LEVEL"), Level.INFO));
        root.addAppender(console(context));
        context.getLogger(LogSetup.SSHD).setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The appender on stderr, started. */
    static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(LogSetup.PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(APPENDER);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        return console;
    }
}
