package io.jdtail.clients.render;

/** What the process is attached to: whether stdout/stderr are terminals and colours are wanted. */
public record Terminal(boolean interactive, boolean colour) {

    /**
     * A terminal when the JVM has an interactive console; colours only there, and never with
     * {@code --noColor} or the {@code NO_COLOR} convention.
     */
    public static Terminal detect(boolean noColorFlag) {
        java.io.Console console = System.console();
        boolean interactive = console != null && console.isTerminal();
        String noColor = System.getenv("NO_COLOR");
        boolean colour = interactive && !noColorFlag && (noColor == null || noColor.isEmpty());
        return new Terminal(interactive, colour);
    }
}
