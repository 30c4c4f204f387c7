package io.jdtail.clients.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process is attached to.
 *
 * @param interactive      stdin and stdout are a terminal (prompts, the progress and stats lines, no stdin to read)
 * @param colour           ANSI colours are wanted
 * @param outputOnTerminal stdout is a terminal, whatever stdin is: what a log line holds must not reach it raw
 */
public record Terminal(boolean interactive, boolean colour, boolean outputOnTerminal) {

    /** A terminal whose stdout is one exactly when it is interactive. */
    public Terminal(boolean interactive, boolean colour) {
        this(interactive, colour, interactive);
    }

    /**
     * A terminal when the JVM has an interactive console; colours only there, and never with
     * {@code --noColor} or the {@code NO_COLOR} convention.
     */
    public static Terminal detect(boolean noColorFlag) {
        java.io.Console console = System.console();
        boolean interactive = console != null && console.isTerminal();
        String noColor = System.getenv("NO_COLOR");
        boolean colour = interactive && !noColorFlag && (noColor == null || noColor.isEmpty());
        return new Terminal(interactive, colour, interactive || stdoutIsTerminal());
    }

    /**
     * Whether stdout is a terminal device ({@code dcat file </dev/null} on a terminal is not interactive, yet its
     * output goes to the screen). The JDK only tells whether stdin and stdout both are; on Linux stdout's
     * device is in {@code /proc/self/fd/1}. Elsewhere the console's answer stands.
     */
    private static boolean stdoutIsTerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
