package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.ClientRun;
import io.jdtail.clients.render.Terminal;
import io.jdtail.logging.LogSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** DTail's --cfg and logging flags, which every client takes (serverless here; the port of --cfg in the e2e tests). */
class SetupOptionsTest {

    static final String LOG = "INFO|1002-071949|4242|x.go:1|2|11|7|0.5|1s|MAPREDUCE:STATS|concurrentConnections=1\n"
            + "INFO|1002-071950|4242|x.go:1|2|eleven|7|0.5|1s|MAPREDUCE:STATS|concurrentConnections=1\n";

    @TempDir
    Path dir;

    @AfterEach
    void stderrOnlyAgain() {
        LogSetup.configure(LogSetup.Target.STDERR, dir, "test", ch.qos.logback.classic.Level.INFO, p -> { });
    }

    /** A dmap that says something at every level: INFO (rows written), WARN (a value not a number), ERROR (a missing file). */
    private ClientRun dmapAtEveryLevel(String... flags) throws IOException {
        Path log = Files.writeString(dir.resolve("app.log"), LOG);
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--query", "from STATS select count($line), avg($goroutines) group by $hostname outfile \"" + dir.resolve("out.csv") + "\"",
                log.toString(), dir.resolve("missing.log").toString()));
        return ClientRun.dmap(null).apply(args.toArray(String[]::new));
    }

    private static List<String> levels(ClientRun r) {
        return r.err().lines().filter(l -> l.startsWith("CLIENT|")).map(l -> l.split("\\|")[2]).distinct().sorted().toList();
    }

    @Test
    void logLevelHidesTheClientMessagesBelowItButNotTheExitStatus() throws IOException {
        assertThat(levels(dmapAtEveryLevel())).containsExactly("ERROR", "INFO", "WARN");
        assertThat(levels(dmapAtEveryLevel("--logLevel", "warn"))).containsExactly("ERROR", "WARN");
        assertThat(levels(dmapAtEveryLevel("-logLevel", "ERROR"))).containsExactly("ERROR");
        ClientRun none = dmapAtEveryLevel("--logLevel", "none");
        assertThat(none.err()).isEmpty();
        assertThat(none.status()).as("a missing file fails the run, shown or not").isEqualTo(1);
        assertThat(levels(dmapAtEveryLevel("--logLevel", "default"))).containsExactly("ERROR", "INFO", "WARN");
    }

    @Test
    void badFlagsAndFilesAreUsageErrorsThatSayWhatToDo() throws IOException {
        ClientRun level = dmapAtEveryLevel("--logLevel", "loud");
        assertThat(level.status()).isEqualTo(2);
        assertThat(level.err()).isEqualTo("dmap: unknown log level 'loud': use error, warn, info, debug or trace\n");

        ClientRun logger = dmapAtEveryLevel("--logger", "syslog");
        assertThat(logger.status()).isEqualTo(2);
        assertThat(logger.err()).startsWith("dmap: unknown --logger 'syslog': use stderr, file or fout");

        ClientRun missing = dmapAtEveryLevel("--cfg", dir.resolve("nowhere.json").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("dmap: ").contains("nowhere.json").doesNotContain("Exception");

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"Common\": {\"SSHPort\": \"twenty\"}}");
        ClientRun bad = dmapAtEveryLevel("--cfg", broken.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("dmap: ").contains("Common.SSHPort");
        assertThat(Files.exists(dir.resolve("out.csv"))).as("nothing ran").isFalse();
    }

    @Test
    void theConfigurationsLogLevelIsTheDefaultAndTheFlagWins() throws IOException {
        Path cfg = Files.writeString(dir.resolve("dtail.json"), "{\"Common\": {\"LogLevel\": \"error\"}, \"Server\": {}}");
        assertThat(levels(dmapAtEveryLevel("--cfg", cfg.toString()))).containsExactly("ERROR");
        assertThat(levels(dmapAtEveryLevel("--cfg", cfg.toString(), "--logLevel", "info"))).containsExactly("ERROR", "INFO", "WARN");
        assertThat(levels(dmapAtEveryLevel("--cfg", "none"))).containsExactly("ERROR", "INFO", "WARN");
    }

    @Test
    void termColorsEnableFalseMeansNoColoursOnATerminalToo() throws IOException {
        Path log = Files.writeString(dir.resolve("app.log"), "a line\n");
        Path cfg = Files.writeString(dir.resolve("dtail.json"), "{\"Client\": {\"TermColorsEnable\": false}}");
        Supplier<DcatCommand> dcat = DcatCommand::new;
        ClientRun coloured = onTerminal(dcat.get(), log.toString());
        ClientRun plain = onTerminal(dcat.get(), "--cfg", cfg.toString(), log.toString());
        assertThat(coloured.out()).contains("\u001b[");
        assertThat(plain.out()).doesNotContain("\u001b[").endsWith("|app.log|a line\n");
    }

    private static ClientRun onTerminal(ClientCommand command, String... args) {
        return ClientRun.run((o, e, i, t) -> command.redirect(o, e, i, new Terminal(true, true)), null, args);
    }

    @Test
    void theLogGoesToAFileInLogDirNamedAfterTheCommand() throws IOException {
        Path logDir = dir.resolve("logs");
        ClientRun r = dmapAtEveryLevel("--logger", "file", "--logDir", logDir.toString(), "--logLevel", "debug");
        LoggerFactory.getLogger(SetupOptionsTest.class).debug("a debug line of this run");
        assertThat(r.status()).isEqualTo(1);
        assertThat(Files.readString(logDir.resolve("dmap.log"), StandardCharsets.UTF_8))
                .contains("DEBUG SetupOptionsTest - a debug line of this run");
    }

    @Test
    void logDirStartingWithTildeIsInTheHomeDirectory() {
        String home = System.getProperty("user.home");
        try {
            System.setProperty("user.home", dir.toString());
            ClientRun r = ClientRun.run((o, e, i, t) -> new DcatCommand().redirect(o, e, i, t), null,
                    "--logger", "fout", "--logDir", "~/dtail-logs", dir.resolve("missing.log").toString());
            assertThat(r.status()).isEqualTo(1);
            assertThat(dir.resolve("dtail-logs").resolve("dcat.log")).exists();
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Option(names = "--logLevel")
        String logLevel;

        @Override
        public Integer call() {
            throw new IllegalStateException("something nobody expected");
        }
    }

    @Test
    void anUnexpectedErrorShowsItsStackTraceAtDebugOnly() {
        for (String level : List.of("info", "debug")) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            int status = Commands.execute(new Boom(), new PrintStream(java.io.OutputStream.nullOutputStream()), e, "--logLevel", level);
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(status).isEqualTo(Commands.FAILED);
            assertThat(text).startsWith("boom: something nobody expected\n");
            if (level.equals("debug")) {
                assertThat(text).contains("java.lang.IllegalStateException").contains("\tat ");
            } else {
                assertThat(text).doesNotContain("\tat ");
            }
        }
    }

    @Command(name = "boomclient")
    static final class BoomClient extends ClientCommand {
        @Override
        protected Integer run() {
            throw new IllegalStateException("something nobody expected");
        }
    }

    @Test
    void theConfigurationsDebugLevelShowsTheStackTraceToo() throws IOException {
        Path debug = Files.writeString(dir.resolve("debug.json"), "{\"Common\": {\"LogLevel\": \"debug\"}, \"Server\": {}}");
        Path info = Files.writeString(dir.resolve("info.json"), "{\"Common\": {\"LogLevel\": \"info\"}, \"Server\": {}}");
        for (Path cfg : List.of(debug, info)) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            int status = Commands.execute(new BoomClient(), new PrintStream(java.io.OutputStream.nullOutputStream()), e,
                    "--cfg", cfg.toString());
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(status).isEqualTo(Commands.FAILED);
            assertThat(text).startsWith("boomclient: something nobody expected\n");
            if (cfg.equals(debug)) {
                assertThat(text).contains("java.lang.IllegalStateException").contains("\tat ");
            } else {
                assertThat(text).doesNotContain("\tat ");
            }
        }
    }
}
