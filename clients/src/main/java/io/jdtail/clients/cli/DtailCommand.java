package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.ColourTable;
import io.jdtail.clients.render.LineRenderer;
import io.jdtail.clients.render.TableRenderer;
import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.source.FileGlobs;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dtail", versionProvider = Version.class, usageHelpAutoWidth = true,
        customSynopsis = {"dtail [OPTION]... [--regex RE] [--query QUERY] FILE...", "dtail --colorTable | --wideColorTable"},
        description = {
            "Follows files as tail -F does: prints lines as they are appended, across rotation (rename), copytruncate and "
                    + "files deleted and recreated; picks up files that appear later or match a glob later. With --query it "
                    + "aggregates the followed lines and prints the result every interval.",
            "",
            "Examples:",
            "  dtail --regex ERROR '/var/log/app/*.log'",
            "  dtail --query 'from REQUEST select status,count($line) group by status",
            "      interval 10s' app.log"},
        optionListHeading = "What to show:",
        footer = {"Stops on Ctrl-C or after --shutdownAfter seconds.",
            "The query language: ${sys:jdtail.home:-jdtail}/docs/query-language.md.",
            "Exit status: 0 ok, 1 some file failed, 2 bad command line or query,",
            "130 stopped by Ctrl-C (with --query after the final table)."})
public final class DtailCommand extends ClientCommand {

    @Mixin
    GrepOptions grep = new GrepOptions();

    @Option(names = {"--query", "-query"}, order = HelpLayout.COMMAND + 3, paramLabel = "QUERY",
            description = "Aggregate the followed lines with this map-reduce query (continuous aggregation).")
    String query;

    @Option(names = {"--shutdownAfter", "-shutdownAfter"}, order = HelpLayout.COMMAND + 7, paramLabel = "SECONDS", defaultValue = "0",
            description = "Exit after this many seconds; 0 = run until interrupted.")
    long shutdownAfter;

    @Option(names = {"--colorTable", "-colorTable"}, order = HelpLayout.COMMAND + 8,
            description = "Print DTail's colour table (every colour on every other, with each attribute) and exit.")
    boolean colorTable;

    @Option(names = {"--wideColorTable", "-wideColorTable"}, order = HelpLayout.COMMAND + 9,
            description = "Print DTail's colour table with a sample paragraph under every line, and exit.")
    boolean wideColorTable;

    private BooleanSupplier stopWhen = () -> false;

    /** Ends the command as {@code --shutdownAfter} would, as soon as {@code stop} says so (for a program that embeds it). */
    public DtailCommand stopWhen(BooleanSupplier stop) {
        this.stopWhen = stop;
        return this;
    }

    @Override
    protected Integer run() throws InterruptedException {
        if (colorTable || wideColorTable) {
            // the colours are the point: printed also in a pipe, as DTail does (the wide one wins, as in DTail)
            ColourTable.print(out, wideColorTable);
            return 0;
        }
        HostContext host = HostContext.local();
        ClientMessages messages = messages(host);
        List<String> fileArgs = fileArguments(positional);
        if (fileArgs.isEmpty()) {
            err.println("dtail: no files given. Name the files to follow (positional or --files); globs are watched for new files.");
            return Commands.USAGE;
        }
        boolean followsStdin = FileGlobs.splitLists(fileArgs).contains(STDIN);
        if (followsStdin && remote.remote()) {
            refusesStdinOnServers(fileArgs);
            return Commands.USAGE;
        }
        if (followsStdin && FileGlobs.splitLists(fileArgs).size() > 1) {
            err.println("dtail: '-' follows stdin alone; follow the files in another dtail, or pipe them all into one");
            return Commands.USAGE;
        }
        if (followsStdin && stdin == null) {
            err.println("dtail: '-': there is no stdin to follow");
            return Commands.USAGE;
        }
        PlanRequest request = new PlanRequest(PlanRequest.Mode.TAIL, fileArgs, grep.regex, grep.invert, grep.before,
                grep.after, grep.max, Optional.ofNullable(query));
        Optional<Plan> compiled = plan(request);
        if (compiled.isEmpty()) {
            return Commands.USAGE;
        }
        Plan plan = compiled.get();
        long deadline = shutdownAfter > 0 ? System.nanoTime() + shutdownAfter * 1_000_000_000L : Long.MAX_VALUE;
        BooleanSupplier stop = () -> System.nanoTime() >= deadline || stopWhen.getAsBoolean()
                || Thread.currentThread().isInterrupted() || interruption.requested();
        LineRenderer renderer = new LineRenderer(out, host.hostname(), lineStyle(), messages::problem);
        if (followsStdin) {
            followStdin(plan, host, renderer, messages);
        } else if (remote.remote()) {
            // one table per interval, when every connected server's partial of it is in (by the interval each carries);
            // the table shown is the aggregate of every interval so far
            Optional<ClientExecution<ServerAddress>> execution = plan.client().result().map(result -> following(result, messages));
            RemoteSink sink = execution.map(e -> RemoteSinks.of(renderer, e, messages, true))
                    .orElseGet(() -> RemoteSinks.lines(renderer, messages, true));
            int status;
            try {
                status = RemoteClient.run(remote, request, sink, messages, terminal().interactive(), err, stop);
            } finally {
                execution.ifPresent(ClientExecution::finish);
                renderer.flush();
            }
            return interruption.requested() ? Commands.INTERRUPTED : status;
        } else {
            // serverless: the server half follows the files here; its partials go through the same client half
            Execution execution = Execution.of(host);
            io.jdtail.engine.execution.Inputs.Followed inputs = io.jdtail.engine.execution.Inputs.Followed.asProcess(stop);
            if (plan.client().result().isEmpty()) {
                try {
                    execution.run(plan.server(), inputs, renderer);
                } finally {
                    renderer.flush();
                }
                messages.splitLinesHere(renderer.splitLines());
            } else {
                ClientExecution<String> following = following(plan.client().result().get(), messages);
                following.runInProcess(host.hostname(), execution, plan.server(), inputs, messages::problem, bytes -> { });
                messages.splitLinesHere(following.splitLines());
            }
        }
        if (interruption.requested()) {
            return Commands.INTERRUPTED;
        }
        return messages.hadErrors() ? Commands.FAILED : Commands.OK;
    }

    /**
     * {@code dtail -}: stdin's lines as they come, to its end; with a query, the aggregate so far every interval (as
     * the lines read bring in the readers' partials) and the final table at the end. A read of stdin cannot be
     * interrupted: on Ctrl-C what was read is shown (the final table) and the process ends without waiting for it.
     */
    private void followStdin(Plan plan, HostContext host, LineRenderer renderer, ClientMessages messages)
            throws InterruptedException {
        Execution execution = Execution.of(host);
        io.jdtail.engine.execution.Inputs.Stream input = new io.jdtail.engine.execution.Inputs.Stream(stdin, STDIN);
        AtomicBoolean ended = new AtomicBoolean();
        if (plan.client().result().isEmpty()) {
            interruption.onRequest(() -> {
                renderer.flush();
                interruption.finished();
            });
            try {
                execution.run(plan.server(), input, renderer);
            } finally {
                renderer.flush();
            }
            messages.splitLinesHere(renderer.splitLines());
            return;
        }
        ClientExecution<String> aggregate = ClientExecution.readOnce(plan.client().result().get());
        // the final table is the last: an interval's table is printed only before it, never after
        Runnable finalTable = () -> {
            synchronized (ended) {
                if (ended.compareAndSet(false, true)) {
                    printTable(aggregate.result(Instant.now()));
                }
            }
        };
        interruption.onRequest(() -> {
            finalTable.run();
            interruption.finished();
        });
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        long every = plan.client().result().get().interval().toMillis();
        ticker.scheduleAtFixedRate(() -> {
            synchronized (ended) {
                if (!ended.get()) {
                    printTable(aggregate.result(Instant.now()));
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            aggregate.runInProcess(host.hostname(), execution, plan.server(), input, messages::problem, bytes -> { });
        } finally {
            ticker.shutdownNow();
        }
        messages.splitLinesHere(aggregate.splitLines());
        finalTable.run();
    }

    /** The client half of the follow query: after every complete interval, its notes and the aggregate so far. */
    private <S> ClientExecution<S> following(ResultNode result, ClientMessages messages) {
        return ClientExecution.following(result, result.interval(), interval -> {
            interval.table().notes().forEach(messages::warn);
            printTable(interval.total());
        });
    }

    /**
     * The aggregate so far, printed after every interval and once more at the end. Headed (unless {@code --plain})
     * by the time it holds the lines up to (an interval's end, or when the follow stopped), in ISO-8601 UTC, and the
     * query.
     */
    private void printTable(ResultTable table) {
        StringBuilder text = new StringBuilder();
        if (!output.plain) {
            text.append(DateTimeFormatter.ISO_INSTANT.format(table.time())).append(' ').append(query).append('\n');
        }
        text.append(TableRenderer.render(table, terminal().outputOnTerminal()));
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }
}
