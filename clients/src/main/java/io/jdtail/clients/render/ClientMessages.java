package io.jdtail.clients.render;

import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.SplitLines;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Client messages on stderr in DTail's form {@code CLIENT|<host>|<LEVEL>|<text>}; stdout carries
 * data only.
 */
public final class ClientMessages {

    /** A message's level; as the least level shown, {@code NONE} shows none. */
    public enum Level { DEBUG, INFO, WARN, ERROR, NONE }

    private final PrintStream err;
    private final String host;
    private final boolean quiet;
    private final Level least;
    private volatile boolean errors;

    /** {@code least}: the least level shown ({@code --logLevel}); {@code quiet} hides INFO too. */
    public ClientMessages(PrintStream err, String host, boolean quiet, Level least) {
        this.err = err;
        this.host = host;
        this.quiet = quiet;
        this.least = least;
    }

    public void debug(String text) {
        print(Level.DEBUG, text);
    }

    public void info(String text) {
        if (!quiet) {
            print(Level.INFO, text);
        }
    }

    public void warn(String text) {
        print(Level.WARN, text);
    }

    /** An error that makes the exit status non-zero (also when errors are not shown); the run goes on. */
    public void error(String text) {
        errors = true;
        print(Level.ERROR, text);
    }

    /**
     * A problem a run reported about one input: an error, except the waits that end by themselves, which are warnings:
     * a follow's wait for a file that is not there yet ({@link Inputs.Followed#STILL_WATCHING}; the follow takes the file
     * up when it appears, as {@code tail -F} does) and a restarting dserver ({@link Inputs.Followed#RESTARTING}; dtail
     * reconnects). The follow ends with the status of a normal follow.
     */
    public void problem(String text) {
        if (text.endsWith(Inputs.Followed.STILL_WATCHING) || text.endsWith(Inputs.Followed.RESTARTING)) {
            warn(text);
        } else {
            error(text);
        }
    }

    /**
     * Says, once per input, how many of its lines read here (serverless) were longer than {@code --maxLineLength}
     * and so were split (see {@link SplitLines}).
     */
    public void splitLinesHere(List<SplitLines.Input> inputs) {
        inputs.forEach(i -> warn(i.sentence("--maxLineLength", "--maxLineLength")));
    }

    /** The same for the lines {@code server} read, longer than its {@code MaxLineLength}. */
    public void splitLinesOn(String server, List<SplitLines.Input> inputs) {
        inputs.forEach(i -> warn(server + ": " + i.sentence("the server's MaxLineLength", "Server.MaxLineLength in dserver's config")));
    }

    public boolean hadErrors() {
        return errors;
    }

    private synchronized void print(Level level, String text) {
        if (level.compareTo(least) < 0) {
            return;
        }
        err.println("CLIENT|" + host + "|" + level.name().toUpperCase(Locale.ROOT) + "|" + VisibleControls.visible(text, true));
        err.flush();
    }
}
