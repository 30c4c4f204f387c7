package io.jdtail.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Collects what one logger logs at INFO (or a chosen level) and above while it is open (the test configuration logs only errors). */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final Lines appender = new Lines();

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
        synchronized (appender) {
            return List.copyOf(appender.lines);
        }
    }

    /**
     * Waits until the lines logged so far satisfy {@code condition}, woken by each line logged (no polling);
     * fails naming {@code what} and the lines when {@code bound} passes first.
     */
    public List<String> await(Predicate<List<String>> condition, Duration bound, String what) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        synchronized (appender) {
            while (!condition.test(appender.lines)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + bound + " waiting for " + what + "; log: " + appender.lines);
                }
                appender.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(appender.lines);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
        appender.stop();
    }

    /** Keeps every event as its level and formatted message; AppenderBase calls append holding this object's lock. */
    private static final class Lines extends AppenderBase<ILoggingEvent> {
        private final List<String> lines = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getLevel() + " " + e.getFormattedMessage());
            notifyAll();
        }
    }
}
