package io.jdtail.clients.cli;

import io.jdtail.clients.local.LocalMapReduce;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.clients.render.ProgressLine;
import io.jdtail.clients.render.TableRenderer;
import io.jdtail.clients.render.Terminal;
import io.jdtail.ast.Outfile;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.Plan;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.plan.ResultNode;
import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.SinkRequest;
import io.jdtail.engine.source.FileGlobs;
import io.jdtail.grammar.ParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dmap", versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs an SQL-like map-reduce query over log files and prints the aggregated table.",
            "Without files (and with stdin not a terminal) it reads stdin. Files ending .gz or .zst are decompressed.",
            "",
            "Example:",
            "  dmap --query 'from REQUEST select count($line),avg(latency) group by status order by count($line)' app.log"},
        footer = {"", "Query language: select ... [from TABLE] [where ...] [group by ...] [order|rorder by ...]",
            "  [set $v = ...] [interval N] [limit N] [outfile [append] \"PATH\"] [logformat NAME]",
            "See docs/query-language.md. Exit status: 0 ok, 1 some input failed, 2 bad command line or query."})
public final class DmapCommand implements Callable<Integer> {

    @Option(names = {"--query", "-query"}, paramLabel = "QUERY",
            description = "The map-reduce query. May also be given as the first positional argument.")
    String query;

    @Option(names = {"--files", "-files"}, paramLabel = "LIST", split = ",",
            description = "Comma-separated files or globs (quote globs). Positional arguments are files too.")
    List<String> files = new ArrayList<>();

    @Parameters(paramLabel = "[QUERY] FILE", description = "Files or globs (the first is the query when --query is not given).")
    List<String> positional = new ArrayList<>();

    @Option(names = {"--maxLineLength", "-maxLineLength"}, paramLabel = "BYTES", defaultValue = "1048576",
            description = "Longer lines are split into pieces of this size (default: ${DEFAULT-VALUE}).")
    int maxLineLength;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"--version", "-version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private InputStream stdin = System.in;
    private Terminal terminal;

    /** For tests: where output goes, and what stdin is (null: a terminal, nothing to read). */
    public DmapCommand redirect(PrintStream out, PrintStream err, InputStream stdin, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.stdin = stdin;
        this.terminal = terminal;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        Terminal term = terminal != null ? terminal : Terminal.detect(output.noColor);
        HostContext host = HostContext.local();
        ClientMessages messages = new ClientMessages(err, host.hostname(), output.quiet);
        List<String> fileArgs = new ArrayList<>(files);
        List<String> rest = new ArrayList<>(positional);
        if (query == null) {
            if (rest.isEmpty()) {
                err.println("dmap: no query given. Pass one with --query 'select ...' or as the first argument.");
                return Commands.USAGE;
            }
            query = rest.removeFirst();
        }
        fileArgs.addAll(rest);

        Plan plan;
        try {
            PlannerSettings settings = new PlannerSettings(PlannerSettings.DEFAULTS.mapreduceLogFormat(), maxLineLength,
                    PlannerSettings.DEFAULTS.defaultInterval());
            plan = new Planner(LogFormats.load(), settings).plan(PlanRequest.map(fileArgs, query));
        } catch (ParsingException e) {
            err.println("dmap: " + e.describe());
            return Commands.USAGE;
        }
        ResultNode result = plan.client().result().orElseThrow();

        List<Path> paths = List.of();
        InputStream input = null;
        if (fileArgs.isEmpty()) {
            if (stdin == null || term.interactive()) {
                err.println("dmap: no files given and stdin is a terminal. Name files (positional or --files) or pipe lines in.");
                return Commands.USAGE;
            }
            input = stdin;
        } else {
            FileGlobs.Expansion expansion = FileGlobs.expand(fileArgs);
            expansion.problems().forEach(messages::error);
            paths = expansion.files();
            if (paths.isEmpty()) {
                return Commands.FAILED;
            }
        }

        LocalMapReduce run = new LocalMapReduce(plan, host, maxLineLength);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        ProgressLine progress = term.interactive() ? new ProgressLine(err, totalSize(paths)) : null;
        if (progress != null) {
            ticker.scheduleAtFixedRate(() -> progress.show(run.bytesRead()), 200, 200, TimeUnit.MILLISECONDS);
            if (result.outfile().isEmpty()) {
                long every = result.interval().toMillis();
                ticker.scheduleAtFixedRate(() -> {
                    progress.clear();
                    printTable(run.merger().result(Instant.now()), true);
                }, every, every, TimeUnit.MILLISECONDS);
            }
        }
        try {
            run.run(paths, input, messages::error);
        } finally {
            ticker.shutdownNow();
            ticker.awaitTermination(1, TimeUnit.SECONDS);
            if (progress != null) {
                progress.clear();
            }
        }

        ResultTable table = run.merger().result(Instant.now());
        if (result.outfile().isPresent()) {
            writeOutfile(result.outfile().get(), table, messages);
        } else {
            printTable(table, false);
        }
        report(run.merger().counters(), messages);
        return messages.hadErrors() ? Commands.FAILED : Commands.OK;
    }

    private void printTable(ResultTable table, boolean interim) {
        StringBuilder text = new StringBuilder();
        if (!output.plain) {
            text.append(interim ? "interim result of: " : "").append(query).append('\n');
        }
        text.append(TableRenderer.render(table));
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    private void writeOutfile(Outfile outfile, ResultTable table, ClientMessages messages) {
        try (ResultSink sink = ResultSinks.open("csv", new SinkRequest(outfile.path(), outfile.append(), query, Map.of()))) {
            sink.write(table);
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
            messages.warn(counters.unusableValues + " values were not numbers and were left out of numeric aggregations");
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
