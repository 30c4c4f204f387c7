package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.LineStyle;
import io.jdtail.clients.render.Terminal;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.grammar.ParsingException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every client shares: input files (positional, {@code --files}, globs, or stdin), output
 * flags, client messages, and the streams it writes to (replaceable for tests).
 */
public abstract class ClientCommand implements Callable<Integer> {

    @Option(names = {"--files", "-files"}, order = HelpLayout.FILES + 1, paramLabel = "LIST", split = ",",
            description = "Comma-separated files or globs (quote globs). Positional arguments are files too.")
    List<String> files = new ArrayList<>();

    @Parameters(paramLabel = "FILE", description = "Files or globs; - is stdin.")
    List<String> positional = new ArrayList<>();

    @Option(names = {"--maxLineLength", "-maxLineLength"}, order = HelpLayout.FILES + 2, paramLabel = "BYTES", defaultValue = "1048576",
            description = "Longer lines are split into pieces of this size, and counted on stderr (default: ${DEFAULT-VALUE}).")
    int maxLineLength;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    RemoteOptions remote = new RemoteOptions();

    @Mixin
    SetupOptions setupOptions = new SetupOptions();

    protected PrintStream out = System.out;
    protected PrintStream err = System.err;
    protected InputStream stdin = System.in;
    private Terminal terminal;
    private SetupOptions.Setup setup;
    /** Ctrl-C and SIGTERM as this command hears of them (in-process: only when {@link Interruption#request}ed). */
    protected Interruption interruption = Interruption.onRequest();

    /** For tests: where output goes, and what stdin is (null: nothing to read). */
    public ClientCommand redirect(PrintStream out, PrintStream err, InputStream stdin, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
        this.terminal = terminal;
        return this;
    }

    /** What tells this command to end early (the process's signals: {@link Interruption#onSignals}). */
    public ClientCommand interruptedBy(Interruption by) {
        this.interruption = by;
        return this;
    }

    /** The command's name, as its {@code @Command} annotation gives it (read at build time: see {@link CommandModels}). */
    protected final String name() {
        return CommandModels.name(this);
    }

    /**
     * Reads the configuration file and sets up the log ({@link SetupOptions}), then runs the command. A file or
     * flag that cannot be used ends it at once with a message and {@link Commands#USAGE}.
     */
    @Override
    public final Integer call() throws Exception {
        try {
            setup = setupOptions.apply(name(), problem -> err.println(name() + ": warning: " + problem));
        } catch (IllegalArgumentException e) {
            err.println(name() + ": " + e.getMessage());
            return Commands.USAGE;
        }
        remote.defaultPort(setup.common().sshPort());
        return run();
    }

    /** What the command does, once {@link #call} has set it up. */
    protected abstract Integer run() throws Exception;

    /**
     * Whether an unexpected error should show its stack trace: at level debug or finer, from
     * {@code --logLevel} or else the configuration's {@code Common.LogLevel} (the flag alone before the set-up ran).
     */
    boolean stackTraces() {
        return setup != null ? setup.least() == ClientMessages.Level.DEBUG : SetupOptions.stackTraces(setupOptions.logLevel);
    }

    protected Terminal terminal() {
        if (terminal == null) {
            terminal = Terminal.detect(output.noColor);
        }
        boolean colour = switch (output.colourChoice()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal.colour() && (setup == null || setup.colours());
        };
        if (colour != terminal.colour()) {
            terminal = new Terminal(terminal.interactive(), colour, terminal.outputOnTerminal());
        }
        return terminal;
    }

    /** How data lines are written: decorated or {@code --plain}, and what the terminal may be sent. */
    protected LineStyle lineStyle() {
        return LineStyle.of(terminal(), output.plain);
    }

    /** The command's messages. */
    protected ClientMessages messages(HostContext host) {
        return new ClientMessages(err, host.hostname(), output.quiet, setup.least());
    }

    /**
     * The plan of {@code request}, its filter compiled; empty when the query or the regex cannot be used, which was
     * printed (the command then ends with {@link Commands#USAGE}).
     */
    protected Optional<Plan> plan(PlanRequest request) {
        try {
            Plan plan = planner().plan(request);
            plan.server().filter().ifPresent(LineFilter::compile);
            return Optional.of(plan);
        } catch (ParsingException e) {
            err.println(name() + ": " + e.describe());
        } catch (IllegalArgumentException e) {
            err.println(name() + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    protected Planner planner() {
        PlannerSettings settings = new PlannerSettings(PlannerSettings.DEFAULTS.mapreduceLogFormat(), maxLineLength,
                PlannerSettings.DEFAULTS.defaultInterval());
        return new Planner(LogFormats.onFirstUse(Thread.currentThread().getContextClassLoader()), settings);
    }

    /** Files from --files and the positional arguments left after the command took its own. */
    protected List<String> fileArguments(List<String> remainingPositional) {
        List<String> all = new ArrayList<>(files);
        all.addAll(remainingPositional);
        return all;
    }

    /** The file argument that names stdin, as for {@code cat} and {@code grep}. */
    static final String STDIN = "-";

    /**
     * What to read: the expanded files in the order named, stdin where {@code -} stands, or stdin alone when no file
     * was named and stdin is not a terminal. Empty when there is nothing to read; the reason was printed.
     */
    protected Optional<Inputs> inputs(List<String> fileArgs, ClientMessages messages) {
        if (fileArgs.isEmpty()) {
            if (stdin == null || terminal().interactive()) {
                err.println(name() + ": no files given and stdin is a terminal. Name files (positional or --files) or pipe lines in.");
                return Optional.empty();
            }
            return Optional.of(new Inputs(List.of(List.of(), List.of()), stdin));
        }
        // runs of files between the dashes: stdin is read between one run and the next
        List<List<Path>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String arg : FileGlobs.splitLists(fileArgs)) {
            if (arg.equals(STDIN)) {
                runs.add(expand(run, messages));
                run = new ArrayList<>();
            } else {
                run.add(arg);
            }
        }
        runs.add(expand(run, messages));
        if (runs.size() > 1 && stdin == null) {
            messages.error(STDIN + ": there is no stdin to read");
            runs = List.of(runs.stream().flatMap(List::stream).toList());
        }
        Inputs inputs = new Inputs(runs, stdin);
        return runs.size() == 1 && inputs.files().isEmpty() ? Optional.empty() : Optional.of(inputs);
    }

    private static List<Path> expand(List<String> fileArgs, ClientMessages messages) {
        FileGlobs.Expansion expansion = FileGlobs.expand(fileArgs);
        expansion.problems().forEach(messages::error);
        return expansion.files();
    }

    /**
     * {@code -} (stdin) is the client's own: with servers it is refused before any is asked. True when it was
     * (the message printed).
     */
    protected boolean refusesStdinOnServers(List<String> fileArgs) {
        if (!FileGlobs.splitLists(fileArgs).contains(STDIN)) {
            return false;
        }
        err.println(name() + ": '-' (stdin) cannot be read on a server; pipe into " + name()
                + " without --servers, or name the files on the servers");
        return true;
    }

    /**
     * What to read, in order: the runs of files, with {@code stream} (stdin) read between one run and the next;
     * a single run is files only.
     */
    protected record Inputs(List<List<Path>> runs, InputStream stream) {
        protected Inputs {
            runs = runs.stream().map(List::copyOf).toList();
        }

        /** Every file named, in order. */
        List<Path> files() {
            return runs.stream().flatMap(List::stream).toList();
        }

        /** The same inputs for the engine's read-once {@code Execution}: stdin's lines are read under {@code streamName}. */
        io.jdtail.engine.execution.Inputs readOnce(String streamName) {
            List<io.jdtail.engine.execution.Inputs> parts = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                if (i > 0) {
                    parts.add(new io.jdtail.engine.execution.Inputs.Stream(stream, streamName));
                }
                if (!runs.get(i).isEmpty()) {
                    parts.add(io.jdtail.engine.execution.Inputs.ReadOnce.asProcess(runs.get(i)));
                }
            }
            return parts.size() == 1 ? parts.getFirst() : new io.jdtail.engine.execution.Inputs.InOrder(parts);
        }
    }
}
