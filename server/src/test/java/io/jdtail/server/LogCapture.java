package io.jdtail.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what one logger logs at INFO (or a chosen level) and above while it is open (the test configuration logs only errors). */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(Class<?> loggerOf) {
        this(loggerOf.getName());
    }

    /** Collects what the named logger and the loggers below it log (e.g. {@code io.jdtail}: all of jdtail). */
    public LogCapture(String loggerName) {
        this(loggerName, Level.INFO);
    }

    /** Collects what the named logger and the loggers below it log at {@code from} and above. */
    public LogCapture(String loggerName, Level from) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        level = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(from);
    }

    /** The messages logged so far, formatted, with their level: {@code WARN refusing job login ...}. */
    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
        appender.stop();
    }
}
