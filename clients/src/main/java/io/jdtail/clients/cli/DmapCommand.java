package io.jdtail.clients.cli;

import io.jdtail.remote.ServerAddress;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.LineRenderer;
import io.jdtail.clients.render.LineStyle;
import io.jdtail.clients.render.ProgressLine;
import io.jdtail.clients.render.TableRenderer;
import io.jdtail.clients.render.Terminal;
import io.jdtail.ast.Outfile;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.client.AbsentGroupFields;
import io.jdtail.engine.client.ClientExecution;
import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dmap", versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs an SQL-like map-reduce query over log files and prints the aggregated table.",
            "Without files (and with stdin not a terminal) it reads stdin; '-' among the files is stdin (serverless only). "
                    + "A file named twice is read twice. Files ending .gz or .zst are decompressed.",
            "",
            "Example:",
            "  dmap --query 'from REQUEST select count($line),avg(latency) group by status order by count($line)' app.log"},
        footer = {"", "Query language: select ... [from TABLE] [where ...] [group by ...] [order|rorder by ...]",
            "  [set $v = ...] [interval N] [limit N] [outfile [append] \"PATH\"] [logformat NAME]",
            "See docs/query-language.md. Exit status: 0 ok, 1 some input failed, 2 bad command line or query."})
public final class DmapCommand extends ClientCommand {

    @Option(names = {"--query", "-query"}, paramLabel = "QUERY",
            description = "The map-reduce query. May also be given as the first positional argument.")
    String query;

    @Option(names = {"--regex", "-regex", "--grep", "-grep"}, paramLabel = "RE", defaultValue = ".",
            description = "Aggregate only the lines matching this RE2 (Go syntax) pattern; '.' aggregates every line (default).")
    String regex;

    @Option(names = {"--invert", "-invert"}, description = "Aggregate the lines that do NOT match --regex.")
    boolean invert;

    @Override
    protected Integer run() throws Exception {
        Terminal term = terminal();
        HostContext host = HostContext.local();
        ClientMessages messages = messages(host);
        List<String> rest = new ArrayList<>(positional);
        if (query == null) {
            if (rest.isEmpty()) {
                err.println("dmap: no query given. Pass one with --query 'select ...' or as the first argument.");
                return Commands.USAGE;
            }
            query = rest.removeFirst();
        }
        List<String> fileArgs = fileArguments(rest);

        Optional<Plan> compiled = plan(request(fileArgs));
        if (compiled.isEmpty()) {
            return Commands.USAGE;
        }
        Plan plan = compiled.get();
        ResultNode result = plan.client().result().orElseThrow();

        if (remote.remote()) {
            return remoteRun(plan, fileArgs, term, messages);
        }
        Optional<Inputs> inputs = inputs(fileArgs, messages);
        if (inputs.isEmpty()) {
            return fileArgs.isEmpty() ? Commands.USAGE : Commands.FAILED;
        }
        List<Path> paths = inputs.get().files();

        // the server half runs here, its partials merged as a server's would be
        ClientExecution<String> execution = ClientExecution.readOnce(result);
        LongAdder bytesRead = new LongAdder();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        ProgressLine progress = term.interactive() ? new ProgressLine(err, totalSize(paths)) : null;
        if (progress != null) {
            ticker.scheduleAtFixedRate(() -> progress.show(bytesRead.sum()), 200, 200, TimeUnit.MILLISECONDS);
            if (result.outfile().isEmpty()) {
                long every = result.interval().toMillis();
                ticker.scheduleAtFixedRate(() -> {
                    progress.clear();
                    printTable(execution.result(Instant.now()), true);
                }, every, every, TimeUnit.MILLISECONDS);
            }
        }
        try {
            execution.runInProcess(host.hostname(), Execution.of(host), plan.server(), inputs.get().readOnce("stdin"),
                    messages::error, bytesRead::add);
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(1, TimeUnit.SECONDS);
            if (progress != null) {
                progress.clear();
            }
        }
        messages.splitLinesHere(execution.splitLines());
        return finish(result, execution, messages) ? Commands.FAILED : Commands.OK;
    }

    /** The same query on every server; their partials merge here exactly as local reader threads' do. */
    private int remoteRun(Plan plan, List<String> fileArgs, Terminal term, ClientMessages messages) throws InterruptedException {
        ResultNode result = plan.client().result().orElseThrow();
        if (fileArgs.isEmpty()) {
            err.println("dmap: name the files to read on the servers (positional or --files).");
            return Commands.USAGE;
        }
        if (refusesStdinOnServers(fileArgs)) {
            return Commands.USAGE;
        }
        ClientExecution<ServerAddress> execution = ClientExecution.readOnce(result);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        if (term.interactive() && result.outfile().isEmpty()) {
            long every = result.interval().toMillis();
            ticker.scheduleAtFixedRate(() -> printTable(execution.result(Instant.now()), true), every, every, TimeUnit.MILLISECONDS);
        }
        int status;
        try {
            status = RemoteClient.run(remote, request(fileArgs),
                    RemoteSinks.of(new LineRenderer(out, "", new LineStyle(true, false, false), messages::error), execution,
                            messages, false),
                    messages, term.interactive(), err, () -> false);
        } finally {
            ticker.shutdownNow();
        }
        if (status == Commands.USAGE) {
            return status;
        }
        return finish(result, execution, messages) || status != Commands.OK ? Commands.FAILED : Commands.OK;
    }

    /** Writes or prints the final result, warns about skipped lines; true when anything failed. */
    private boolean finish(ResultNode result, ClientExecution<?> execution, ClientMessages messages) {
        ResultTable table = execution.result(Instant.now());
        if (result.outfile().isPresent()) {
            writeOutfile(result.outfile().get(), table, messages);
        } else {
            printTable(table, false);
        }
        report(execution.counters(), messages);
        AbsentGroupFields.warnings(result, table).forEach(messages::warn);
        return messages.hadErrors();
    }

    /** The query over the files, on the lines --regex (and --invert) select. */
    private PlanRequest request(List<String> fileArgs) {
        return new PlanRequest(PlanRequest.Mode.MAP, fileArgs, regex, invert, 0, 0, 0, Optional.of(query));
    }

    private void printTable(ResultTable table, boolean interim) {
        StringBuilder text = new StringBuilder();
        if (!output.plain) {
            text.append(interim ? "interim result of: " : "").append(query).append('\n');
        }
        text.append(TableRenderer.render(table, terminal().outputOnTerminal()));
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    private void writeOutfile(Outfile outfile, ResultTable table, ClientMessages messages) {
        try {
            ClientExecution.writeCsv(table, outfile.path(), outfile.append(), query);
            messages.info("wrote " + table.rows().size() + " rows to " + outfile.path());
        } catch (IOException e) {
            messages.error("cannot write " + outfile.path() + ": " + e.getMessage());
        }
    }

    private static void report(PartialAggregate.Counters counters, ClientMessages messages) {
        if (counters.malformed > 0) {
            messages.warn(counters.malformed + " lines did not fit the log format and were skipped");
        }
        if (counters.unusableValues > 0) {
            messages.warn(counters.unusableValues + " rows had values that were not numbers; those values were left out of numeric aggregations");
        }
    }

    private static long totalSize(List<Path> paths) {
        long total = 0;
        for (Path p : paths) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                // unreadable files are reported by the run itself
            }
        }
        return total;
    }
}
