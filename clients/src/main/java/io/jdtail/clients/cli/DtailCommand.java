package io.jdtail.clients.cli;

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
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dtail", versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Follows files as tail -F does: prints lines as they are appended, across rotation (rename),",
            "copytruncate and files deleted and recreated; picks up files that appear later or match a glob later.",
            "With --query it aggregates the followed lines and prints the result every interval.",
            "",
            "Examples:  dtail --regex ERROR '/var/log/app/*.log'",
            "           dtail --query 'from REQUEST select status,count($line) group by status interval 10s' app.log"},
        footer = {"", "Stops on Ctrl-C or after --shutdownAfter seconds. Exit status: 0 ok, 1 some file failed, 2 bad command line or query."})
public final class DtailCommand extends ClientCommand {

    @Mixin
    GrepOptions grep = new GrepOptions();

    @Option(names = {"--query", "-query"}, paramLabel = "QUERY",
            description = "Aggregate the followed lines with this map-reduce query (continuous aggregation).")
    String query;

    @Option(names = {"--shutdownAfter", "-shutdownAfter"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "Exit after this many seconds; 0 = run until interrupted.")
    long shutdownAfter;

    @Option(names = {"--colorTable", "-colorTable"},
            description = "Print DTail's colour table (every colour on every other, with each attribute) and exit.")
    boolean colorTable;

    private BooleanSupplier stopWhen = () -> false;

    /** Ends the command as {@code --shutdownAfter} would, as soon as {@code stop} says so (for a program that embeds it). */
    public DtailCommand stopWhen(BooleanSupplier stop) {
        this.stopWhen = stop;
        return this;
    }

    @Override
    protected Integer run() throws InterruptedException {
        if (colorTable) {
            // the colours are the point: printed also in a pipe, as DTail does
            ColourTable.print(out);
            return 0;
        }
        HostContext host = HostContext.local();
        ClientMessages messages = messages(host);
        List<String> fileArgs = fileArguments(positional);
        if (fileArgs.isEmpty()) {
            err.println("dtail: no files given. Name the files to follow (positional or --files); globs are watched for new files.");
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
        BooleanSupplier stop = () -> System.nanoTime() >= deadline || stopWhen.getAsBoolean() || Thread.currentThread().isInterrupted();
        LineRenderer renderer = new LineRenderer(out, host.hostname(), lineStyle(), messages::error);
        if (remote.remote()) {
            // one table per interval, when every connected server's partial of it is in (by the interval each carries);
            // the table shown is the aggregate of every interval so far
            Optional<ClientExecution<ServerAddress>> execution = plan.client().result().map(result -> following(result, messages));
            RemoteSink sink = execution.map(e -> RemoteSinks.of(renderer, e, messages, true))
                    .orElseGet(() -> RemoteSinks.lines(renderer, messages, true));
            try {
                return RemoteClient.run(remote, request, sink, messages, terminal().interactive(), err, stop);
            } finally {
                execution.ifPresent(ClientExecution::finish);
                renderer.flush();
            }
        }
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
            following.runInProcess(host.hostname(), execution, plan.server(), inputs, messages::error, bytes -> { });
            messages.splitLinesHere(following.splitLines());
        }
        return messages.hadErrors() ? Commands.FAILED : Commands.OK;
    }

    /** The client half of the follow query: after every complete interval, its notes and the aggregate so far. */
    private <S> ClientExecution<S> following(ResultNode result, ClientMessages messages) {
        return ClientExecution.following(result, result.interval(), interval -> {
            interval.table().notes().forEach(messages::warn);
            printTable(interval.total());
        });
    }

    /** The aggregate so far, printed after every interval. */
    private void printTable(ResultTable table) {
        StringBuilder text = new StringBuilder();
        if (!output.plain) {
            text.append(query).append('\n');
        }
        text.append(TableRenderer.render(table, terminal().outputOnTerminal()));
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }
}
