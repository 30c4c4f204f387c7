package io.jdtail.clients.render;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Client messages on stderr in DTail's form {@code CLIENT|<host>|<LEVEL>|<text>}; stdout carries
 * data only.
 */
public final class ClientMessages {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final PrintStream err;
    private final String host;
    private final boolean quiet;
    private volatile boolean errors;

    public ClientMessages(PrintStream err, String host, boolean quiet) {
        this.err = err;
        this.host = host;
        this.quiet = quiet;
    }

    public void info(String text) {
        if (!quiet) {
            print(Level.INFO, text);
        }
    }

    public void warn(String text) {
        print(Level.WARN, text);
    }

    /** An error that makes the exit status non-zero; the run goes on. */
    public void error(String text) {
        errors = true;
        print(Level.ERROR, text);
    }

    public boolean hadErrors() {
        return errors;
    }

    private synchronized void print(Level level, String text) {
        err.println("CLIENT|" + host + "|" + level.name().toUpperCase(Locale.ROOT) + "|" + text);
        err.flush();
    }
}
