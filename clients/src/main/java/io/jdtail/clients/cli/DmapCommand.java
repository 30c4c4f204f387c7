package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
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

@Command(name = "dmap", versionProvider = Version.class, usageHelpAutoWidth = true,
        customSynopsis = {"dmap [OPTION]... --query QUERY [FILE]...", "dmap [OPTION]... QUERY [FILE]..."},
        description = {
            "Runs an SQL-like map-reduce query over log files and prints the aggregated table.",
            "Without files (and with stdin not a terminal) it reads stdin; '-' among the files is stdin (serverless only). "
                    + "A file named twice is read twice. Files ending .gz or .zst are decompressed.",
            "",
            "Example: requests, their mean and their longest latency, by status (selected, so that it is shown):",
            "  dmap --query 'from REQUEST select status,count($line),avg(latency),",
            "      max(latency) group by status order by count($line)' app.log"},
        optionListHeading = "Query:",
        footer = {"A query:",
            "  select ... [from TABLE] [where ...] [group by ...] [order|rorder by ...]",
            "      [set $v = ...] [interval N] [limit N] [logformat NAME]",
            "      [outfile [append] \"PATH\"]",
            "The query language: ${sys:jdtail.home:-jdtail}/docs/query-language.md.",
            "Exit status: 0 ok, 1 some input failed, 2 bad command line or query,",
            "130 interrupted (Ctrl-C; the partial result is printed)."})
public final class DmapCommand extends ClientCommand {

    @Option(names = {"--query", "-query"}, order = HelpLayout.COMMAND + 1, paramLabel = "QUERY",
            description = "The map-reduce query. May also be given as the first positional argument.")
    String query;

    @Option(names = {"--regex", "-regex", "--grep", "-grep"}, order = HelpLayout.COMMAND + 2, paramLabel = "RE", defaultValue = ".",
            description = "Aggregate only the lines matching this RE2 (Go syntax) pattern; '.' aggregates every line (default).")
    String regex;

    @Option(names = {"--invert", "-invert"}, order = HelpLayout.COMMAND + 3, description = "Aggregate the lines that do NOT match --regex.")
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
        if (inputs.isEmpty() && fileArgs.isEmpty()) {
            return Commands.USAGE;
        }
        // the server half runs here, its partials merged as a server's would be
        ClientExecution<String> execution = ClientExecution.readOnce(result);
        if (inputs.isEmpty()) {
            // no named file could be read: the query ran over nothing, and shows its empty result as with --servers
            finish(result, execution, messages);
            return Commands.FAILED;
        }
        List<Path> paths = inputs.get().files();
        LongAdder bytesRead = new LongAdder();
        ProgressLine progress = term.interactive() ? new ProgressLine(err, totalSize(paths)) : null;
        Ending ending = new Ending(result, execution, progress);
        if (progress != null) {
            ending.ticker.scheduleAtFixedRate(() -> ending.unlessEnded(() -> progress.show(bytesRead.sum())),
                    200, 200, TimeUnit.MILLISECONDS);
        }
        if (term.interactive()) {
            ending.interimTables();
        }
        try {
            execution.runInProcess(host.hostname(), Execution.of(host), plan.server(), inputs.get().readOnce("stdin"),
                    messages::error, bytesRead::add);
        } finally {
            ending.ticker.shutdownNow();
            ending.ticker.awaitTermination(1, TimeUnit.SECONDS);
        }
        return ending.normally(messages);
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
        Ending ending = new Ending(result, execution, null);
        if (term.interactive()) {
            ending.interimTables();
        }
        int status;
        try {
            status = RemoteClient.run(remote, request(fileArgs),
                    RemoteSinks.of(new LineRenderer(out, "", new LineStyle(true, false, false), messages::error), execution,
                            messages, false),
                    messages, term.interactive(), err, interruption::requested);
        } finally {
            ending.ticker.shutdownNow();
        }
        if (status == Commands.USAGE) {
            return status;
        }
        int finished = ending.normally(messages);
        return finished == Commands.OK && status != Commands.OK ? Commands.FAILED : finished;
    }

    /**
     * How a run ends, once: normally (the final table or outfile), or on Ctrl-C with what was merged so far, marked
     * as interrupted (see {@link #printInterrupted}). The interim tables and the progress line stop when it ends.
     */
    private final class Ending {
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        private final ResultNode result;
        private final ClientExecution<?> execution;
        private final ProgressLine progress;
        private boolean ended;

        Ending(ResultNode result, ClientExecution<?> execution, ProgressLine progress) {
            this.result = result;
            this.execution = execution;
            this.progress = progress;
            interruption.onRequest(this::interrupted);
        }

        /**
         * Ctrl-C before the end: what was merged, and the process need not wait for the run (a read may be blocked on
         * a pipe, and the rest is not wanted). After the end it waits for the final output, which may be an outfile
         * being written.
         */
        private void interrupted() {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                clearProgress();
                printInterrupted(result, execution);
            }
            interruption.finished();
        }

        /** Runs {@code action} unless the run has ended; one at a time. */
        synchronized void unlessEnded(Runnable action) {
            if (!ended) {
                action.run();
            }
        }

        /** The result so far every interval, on a terminal (not with an outfile: that holds the result). */
        void interimTables() {
            if (result.outfile().isPresent()) {
                return;
            }
            long every = result.interval().toMillis();
            ticker.scheduleAtFixedRate(() -> unlessEnded(() -> {
                clearProgress();
                printTable(execution.result(Instant.now()), true);
            }), every, every, TimeUnit.MILLISECONDS);
        }

        private void clearProgress() {
            if (progress != null) {
                progress.clear();
            }
        }

        /** The run came to its end: its result, or {@link Commands#INTERRUPTED} when Ctrl-C came first and showed it. */
        int normally(ClientMessages messages) {
            synchronized (this) {
                if (ended) {
                    return Commands.INTERRUPTED;
                }
                ended = true;
                clearProgress();
            }
            messages.splitLinesHere(execution.splitLines());
            return finish(result, execution, messages) ? Commands.FAILED : Commands.OK;
        }
    }

    /**
     * Ctrl-C: the result merged so far, which holds the partials the readers (or servers) handed over, one every
     * interval. An outfile is left as it was: a part of the result there would pass for the whole.
     */
    private void printInterrupted(ResultNode result, ClientExecution<?> execution) {
        printTable(execution.result(Instant.now()), false);
        String outfile = result.outfile().map(o -> o.path() + " was not written (a part of the result there would pass for"
                + " the whole); ").orElse("");
        err.println("dmap: interrupted: " + outfile + "the table holds only the lines read up to the last interval (every "
                + interval(result.interval()) + "), not the whole input");
        err.flush();
    }

    private static String interval(java.time.Duration interval) {
        return interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() + " ms";
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
