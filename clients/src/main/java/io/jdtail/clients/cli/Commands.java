package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs a picocli command with jdtail's conventions for usage errors and exit codes. */
public final class Commands {

    /** Exit status of a successful run. */
    public static final int OK = 0;
    /** Some input, file or server failed; the rest was processed. */
    public static final int FAILED = 1;
    /** The command line or the query is wrong; nothing was run. */
    public static final int USAGE = 2;
    /** Ended by Ctrl-C (SIGINT): 128 + the signal's number, as a shell reports it. */
    public static final int INTERRUPTED = 130;

    /**
     * picocli's start-up, cut to what jdtail's options need; set here, before any command line is made, for the commands
     * and the start-up training alike. Its DefaultFactory otherwise looks for Groovy's Closure class when it is first
     * used: a lookup that opens and searches every jar of the class path, a tenth of a small command's time. And no
     * option is of a java.time or java.sql type ({@code OptionTypesTest}), while picocli registers converters for those
     * for every command line it makes: that set up some 70 classes of java.time and java.sql (DateTimeFormatter's
     * tables among them), about 50 ms of a remote command's main thread before it connected.
     */
    static final String NO_CONVERTERS_FOR = "java\\.(sql|time)\\..*";

    static {
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", NO_CONVERTERS_FOR);
    }

    private Commands() {
    }

    public static int execute(Object command, String... args) {
        return execute(command, System.out, System.err, args);
    }

    /** Runs the command with picocli's own output (help, usage errors) on the given streams. */
    public static int execute(Object command, java.io.PrintStream out, java.io.PrintStream err, String... args) {
        // the generated model: picocli's own, read from the annotations, costs more than the rest of a small command
        CommandLine cl = HelpLayout.install(new CommandLine(CommandModels.of(command)));
        // enum values as users type them: --color always
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter usage = c.getErr();
            usage.println(c.getCommandName() + ": " + ex.getMessage());
            usage.println("Try '" + c.getCommandName() + " --help' for the options.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println(c.getCommandName() + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            boolean traces = c.getCommand() instanceof ClientCommand client
                    ? client.stackTraces()
                    : SetupOptions.stackTraces(parsed.matchedOptionValue("--logLevel", null));
            if (traces) {
                ex.printStackTrace(c.getErr());
            }
            return FAILED;
        });
        return cl.execute(args);
    }
}
