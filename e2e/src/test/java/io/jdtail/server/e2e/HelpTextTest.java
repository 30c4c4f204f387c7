package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.cli.HelpLayout;
import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.cli.DtailhealthCommand;
import io.jdtail.clients.render.Terminal;
import io.jdtail.server.cli.DserverCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code --help} of dserver and every client: what it is about first (usage, description, example, the options
 * that matter), the other options in sections, lines that fit the terminal with no word split, an example that works
 * and shows what it is about, and documents named by the paths they have in the distribution.
 */
class HelpTextTest {

    /** The commands, by name; a new instance for every help (picocli keeps state in it). */
    private static final List<Named> COMMANDS = List.of(new Named("dmap", DmapCommand::new), new Named("dtail", DtailCommand::new),
            new Named("dgrep", DgrepCommand::new), new Named("dcat", DcatCommand::new),
            new Named("dtailhealth", DtailhealthCommand::new), new Named("dserver", DserverCommand::new));

    /** Every heading of an option section the commands have. */
    private static final List<String> HEADINGS = List.of("Query:", "What to show:", "Matching:", "Check:", "Server:", "Files:",
            "Output:", "Connecting to servers:", "Configuration and log:", "Help:");

    record Named(String name, Supplier<Object> command) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Named> commands() {
        return COMMANDS.stream();
    }

    private static String help(String name, int width) {
        return HelpLayout.usage(COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().command().get(), width);
    }

    private static List<String> headings(String help) {
        return help.lines().filter(HEADINGS::contains).toList();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void noLineIsWiderThanTheTerminalAndNoWordIsSplit(Named command) {
        List<String> unwrapped = Arrays.asList(help(command.name(), 1000).split("\\s+"));
        for (int width : new int[] {80, 120}) {
            String help = help(command.name(), width);

            assertThat(help.lines().filter(line -> line.length() > width).toList()).as("%s at %d columns", command, width).isEmpty();
            // the same words in the same order as with room for every line: a word broken over two lines is two words
            assertThat(Arrays.asList(help.split("\\s+"))).as("%s at %d columns", command, width).isEqualTo(unwrapped);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyOptionIsInASection(Named command) {
        List<String> unsorted = new CommandLine(command.command().get()).getCommandSpec().options().stream()
                .filter(o -> o.order() < 0).map(OptionSpec::longestName).toList();

        assertThat(unsorted).as("options of %s without @Option(order = HelpLayout.<SECTION> + n)", command).isEmpty();
    }

    @Test
    void dmapSaysWhatItDoesAndListsTheQueryFirst() {
        String help = help("dmap", 80);

        assertThat(help).startsWith("""
                Usage: dmap [OPTION]... --query QUERY [FILE]...
                       dmap [OPTION]... QUERY [FILE]...

                Runs an SQL-like map-reduce query over log files and prints the aggregated
                table.
                Without files (and with stdin not a terminal) it reads stdin; '-' among the
                files is stdin (serverless only). A file named twice is read twice. Files ending
                .gz or .zst are decompressed.

                Example: requests, their mean and their longest latency, by status (selected, so
                that it is shown):
                  dmap --query 'from REQUEST select status,count($line),avg(latency),
                      max(latency) group by status order by count($line)' app.log

                Query:
                  --query=QUERY           The map-reduce query. May also be given as the first
                                          positional argument.
                  --regex, --grep=RE      Aggregate only the lines matching this RE2 (Go syntax)
                                          pattern; '.' aggregates every line (default).
                  --invert                Aggregate the lines that do NOT match --regex.

                Files:
                  FILE...                 Files or globs; - is stdin.
                """);
        assertThat(help).endsWith("""

                Every long option also takes one dash, as DTail's do: -files is --files.

                A query:
                  select ... [from TABLE] [where ...] [group by ...] [order|rorder by ...]
                      [set $v = ...] [interval N] [limit N] [logformat NAME]
                      [outfile [append] "PATH"]
                The query language: jdtail/docs/query-language.md.
                Exit status: 0 ok, 1 some input failed, 2 bad command line or query,
                130 interrupted (Ctrl-C; the partial result is printed).
                """);
        assertThat(headings(help)).containsExactly("Query:", "Files:", "Output:", "Connecting to servers:", "Configuration and log:",
                "Help:");
    }

    /** The example, run as it stands on the bundled sample log, shows the group key it groups by. */
    @Test
    void dmapsExampleShowsItsGroupKey() {
        String help = help("dmap", 80);
        Matcher example = Pattern.compile("\n  dmap --query '([^']*)' app.log\n").matcher(help);
        assertThat(example.find()).as(help).isTrue();
        String query = example.group(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        int status = Commands.execute(new DmapCommand().redirect(o, e, null, new Terminal(false, false)), o, e, "--cfg", "none",
                "--plain", "--query", query, sample().toString());

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().findFirst())
                .contains(" status | count($line) | avg(latency) | max(latency)");
    }

    @Test
    void dtailListsRegexAndQueryFirst() {
        String help = help("dtail", 80);

        assertThat(help).startsWith("""
                Usage: dtail [OPTION]... [--regex RE] [--query QUERY] FILE...
                       dtail --colorTable | --wideColorTable

                Follows files as tail -F does: prints lines as they are appended, across
                rotation (rename), copytruncate and files deleted and recreated; picks up files
                that appear later or match a glob later. With --query it aggregates the followed
                lines and prints the result every interval.

                Examples:
                  dtail --regex ERROR '/var/log/app/*.log'
                  dtail --query 'from REQUEST select status,count($line) group by status
                      interval 10s' app.log

                What to show:
                  --regex, --grep=RE      Keep lines matching this RE2 (Go syntax) pattern; '.'
                                          keeps every line (default).
                  --invert                Keep the lines that do NOT match.
                  --query=QUERY           Aggregate the followed lines with this map-reduce
                                          query (continuous aggregation).
                """);
        assertThat(headings(help)).containsExactly("What to show:", "Files:", "Output:", "Connecting to servers:",
                "Configuration and log:", "Help:");
    }

    @Test
    void dgrepListsRegexFirst() {
        assertThat(help("dgrep", 80)).startsWith("""
                Usage: dgrep [OPTION]... --regex RE [FILE]...

                Prints the lines of files that match a regex, as grep does (RE2/Go syntax,
                linear time).
                Without files (and with stdin not a terminal) it reads stdin; '-' among the
                files is stdin (serverless only). A file named twice is read twice. Files ending
                .gz or .zst are decompressed.

                Example:
                  dgrep --regex 'ERROR|WARN' --before 2 --after 2 app.log

                Matching:
                  --regex, --grep=RE      Keep lines matching this RE2 (Go syntax) pattern; '.'
                                          keeps every line (default).
                """);
    }

    @Test
    void dcatStartsWithWhatToRead() {
        String help = help("dcat", 80);

        assertThat(help).startsWith("""
                Usage: dcat [OPTION]... [FILE]...

                Prints files, as cat does, each line as REMOTE|host|pct|lineno|file|line
                (--plain: the bytes only).
                Without files (and with stdin not a terminal) it reads stdin; '-' among the
                files is stdin (serverless only). A file named twice is read twice. Files ending
                .gz or .zst are decompressed.

                Example:
                  dcat --plain app.log.gz > app.log

                Files:
                  FILE...                 Files or globs; - is stdin.
                """);
        assertThat(headings(help)).containsExactly("Files:", "Output:", "Connecting to servers:", "Configuration and log:", "Help:");
    }

    @Test
    void dtailhealthStartsWithTheServerToCheck() {
        String help = help("dtailhealth", 80);

        assertThat(help).startsWith("""
                Usage: dtailhealth [OPTION]... [--server HOST[:PORT]]

                Asks one dserver how it is and prints one line, as a monitoring check does:
                  OK: host:port: up 3h12m, 2 running requests, 3 jobs ran
                  WARNING: host:port: job daily-errors failed its last run at ...: <reason>
                  CRITICAL: host:port: connection refused (is dserver running on port 2222?)
                It authenticates like the other clients (--key, the ssh-agent, ~/.ssh/id_*) and
                never asks about host keys: an unknown host key is critical unless
                --trustAllHosts.
                Without --server it does DTail's serverless check: only that this client's
                set-up (--cfg, the log) works; it then says so in a WARNING line (exit 1), since
                no server was checked.

                Example:
                  dtailhealth --server app1.example.org:2222

                Check:
                  --server=HOST[:PORT]    The dserver to check; none = the serverless check (a
                                          WARNING, exit 1).
                """);
        assertThat(headings(help)).containsExactly("Check:", "Connecting to servers:", "Configuration and log:", "Help:");
    }

    @Test
    void dserverStartsWithWhatItServes() {
        String help = help("dserver", 80);

        assertThat(help).startsWith("""
                Usage: dserver [OPTION]...

                The jdtail server: serves dcat, dgrep, dtail and dmap requests over SSH (public
                keys only). Keys of user U: <CacheDir>/U.authorized_keys, then
                ~U/.ssh/authorized_keys. The host key is made on first start.

                Example:
                  dserver --cfg /etc/dtail/dtail.json --port 2222

                Server:
                  --bindAddress=ADDRESS   Address to listen on (default: Server.SSHBindAddress).
                """);
        assertThat(help).endsWith("""
                files are closed.
                Running a server: jdtail/server/README.md.
                """);
        assertThat(headings(help)).containsExactly("Server:", "Configuration and log:", "Help:");
    }

    /**
     * Every document a {@code --help} names is in the distribution, at the path the help gives: the launchers of
     * dist/target/jdtail tell the commands where they are installed.
     */
    @ParameterizedTest
    @MethodSource("commands")
    void everyDocumentTheHelpNamesIsInTheDistribution(Named command) throws Exception {
        Path dist = Path.of(System.getProperty("user.dir")).resolveSibling("dist").resolve("target").resolve("jdtail");
        Path launcher = dist.resolve("bin").resolve(command.name());
        assertThat(launcher).as("the distribution is built before e2e (mvn -pl e2e -am verify)").isExecutable();
        Process process = new ProcessBuilder(launcher.toString(), "--help").redirectErrorStream(true).start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(help).isZero();

        List<Path> documents = new ArrayList<>();
        Matcher named = Pattern.compile("(\\S+\\.md)\\b").matcher(help);
        while (named.find()) {
            documents.add(Path.of(named.group(1)));
        }

        if (List.of("dmap", "dtail", "dserver").contains(command.name())) {
            assertThat(documents).as("the documents %s --help names", command).isNotEmpty();
        }
        assertThat(documents).as(help).allSatisfy(document -> {
            assertThat(document).isAbsolute().startsWith(dist.toRealPath());
            assertThat(Files.readString(document)).startsWith("#");
        });
    }

    private static Path sample() {
        return Path.of(System.getProperty("user.dir")).resolveSibling("samples").resolve("sample.log");
    }
}
