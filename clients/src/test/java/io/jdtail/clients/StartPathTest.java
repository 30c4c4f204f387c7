package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client's JVM does before it has its answer: the fixed cost of every command (docs/benchmarks.md,
 * "Start-up"). Each check runs the command as the launchers do, in a JVM of its own, and reads the JVM's own log
 * of the classes it initialised.
 */
class StartPathTest {

    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path dir;

    /**
     * JDK 25's {@code BigDecimal} computes 5^65536 when its class is initialised (70-100 ms of a client's start, in the
     * interpreter); a dmap whose results are decimals, percentiles among them, gets them right without it. And the JDK's
     * first {@code System.Logger} searches every jar of the class path for a logging back-end and starts
     * java.util.logging (tens of ms): a serverless dmap logs nothing through the JDK, so nothing on its path may ask for
     * one (the query parser's cache was a Caffeine cache, whose class asks). One JVM for both: each costs the build a
     * second.
     */
    @Test
    void dmapWithDecimalsAndPercentilesInitialisesNeitherBigDecimalNorTheJdksLogging() throws Exception {
        Path log = dir.resolve("latency.log");
        Files.writeString(log, "svc=a latency=1.5\nsvc=a latency=2\nsvc=a latency=2.25\n", StandardCharsets.UTF_8);
        Run run = run("dmap", "--plain", "--query",
                "select count($line),avg(latency),max(latency),p99(latency),quantile(latency, 0.5) group by svc logformat logfmt",
                log.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("3 \\|\\s+1\\.916667 \\|\\s+2\\.250000 \\|\\s+2\\.250000 \\|\\s+2\\.000000");
        assertThat(run.initialised().contains("java/math/BigDecimal")).as("BigDecimal initialised").isFalse();
        assertThat(run.initialised()).as("classes initialised").doesNotContain("jdk/internal/logger/BootstrapLogger",
                "java/util/logging/LogManager");
    }

    /**
     * The host's name comes from the kernel, as {@code hostname} and DTail (Go's os.Hostname) read it:
     * {@code InetAddress.getLocalHost} would also resolve it (java.security's set-up, /etc/hosts, maybe DNS), some
     * 40 ms of CPU in every command. The shell's {@code HOSTNAME} is not exported as a rule, so the check runs without it.
     */
    @Test
    void dgrepNamesItsHostWithoutResolvingIt() throws Exception {
        Path log = dir.resolve("three.log");
        Files.writeString(log, "abc", StandardCharsets.UTF_8);
        Run run = run("dgrep", "--regex", "abc", "--files", log + "," + dir.resolve("missing.log"));
        assertThat(run.output()).contains("|" + Files.readString(Path.of("/proc/sys/kernel/hostname")).strip() + "|");
        assertThat(run.initialised().contains("java/net/InetAddress")).as("InetAddress initialised").isFalse();
    }

    /**
     * {@code System.exit} asks whether its logger logs at DEBUG, and the JDK's first such question searches every jar
     * of the class path for a {@code System.LoggerFinder} (tens of ms, the command's output already written). A command
     * that succeeds ends as a program whose main returned, which asks nothing; one that fails keeps its exit status.
     * The JDK's logging is told to show the exit's log line, so that a {@code System.exit} would show itself.
     */
    @Test
    void aCommandThatSucceedsEndsWithoutSystemExitAndOneThatFailsKeepsItsStatus() throws Exception {
        Path log = dir.resolve("exit.log");
        Files.writeString(log, "abc\n", StandardCharsets.UTF_8);
        Path logging = dir.resolve("logging.properties");
        Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\njava.util.logging.ConsoleHandler.level=ALL\n"
                + "java.lang.Runtime.level=ALL\n", StandardCharsets.UTF_8);
        String showExit = "-Djava.util.logging.config.file=" + logging;
        Run found = run(List.of(showExit), "dcat", "--plain", log.toString());
        assertThat(found.status()).as(found.output()).isZero();
        assertThat(found.output()).isEqualTo("abc\n");
        Run missing = run(List.of(showExit), "dcat", "--plain", dir.resolve("missing.log").toString());
        assertThat(missing.status()).as(missing.output()).isNotZero();
        assertThat(missing.output()).contains("Runtime.exit() called with status: " + missing.status());
    }

    private record Run(int status, String output, List<String> initialised) {
    }

    /** {@code Main command args} in a JVM of its own, with the classes it initialised from the JVM's class+init log. */
    private static Run run(String command, String... args) throws IOException, InterruptedException {
        return run(List.of(), command, args);
    }

    private static Run run(List<String> jvmOptions, String command, String... args) throws IOException, InterruptedException {
        Path initLog = Files.createTempFile(dir, command, ".init");
        Path output = Files.createTempFile(dir, command, ".out");
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+init=info:file=" + initLog));
        line.addAll(jvmOptions);
        line.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.jdtail.clients.Main", command));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().remove("HOSTNAME");
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + TIMEOUT_SECONDS + " s: " + Files.readString(output));
        }
        List<String> initialised = Files.readAllLines(initLog).stream()
                .filter(l -> l.contains(" Initializing '"))
                .map(l -> l.substring(l.indexOf(" Initializing '") + 15, l.indexOf('\'', l.indexOf(" Initializing '") + 15)))
                .toList();
        return new Run(process.exitValue(), Files.readString(output), initialised);
    }
}
