package io.jdtail.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client ({@code io.jdtail.clients.Main COMMAND ARGS}) in a JVM of its own, as the launchers run it, so that it
 * receives real signals. On a terminal it runs under {@code script}, which gives it a pseudo-terminal (stdout and
 * stderr both reach {@link #out} then); otherwise its stdout and stderr are watched apart.
 */
final class ForkedClient implements AutoCloseable {

    final LiveOutput out = new LiveOutput();
    final LiveOutput err = new LiveOutput();
    private final Process process;
    private final Path pidFile;

    private ForkedClient(Process process, Path pidFile) {
        this.process = process;
        this.pidFile = pidFile;
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
    }

    /** {@code command args} under a pseudo-terminal; {@code dir} holds the file its process id is written to. */
    static ForkedClient onTerminal(Path dir, String command, String... args) throws IOException {
        Path pid = dir.resolve("client.pid");
        String line = "echo $$ > " + quoted(pid.toString()) + "; exec " + String.join(" ",
                javaCommand(command, args).stream().map(ForkedClient::quoted).toList());
        return new ForkedClient(new ProcessBuilder("script", "-qfec", line, "/dev/null").start(), pid);
    }

    /** {@code command args} with stdin from /dev/null and stdout, stderr to pipes. */
    static ForkedClient piped(String command, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(command, args)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new ForkedClient(pb.start(), null);
    }

    /**
     * The client's command line. It starts with SIGINT's default handling: a shell starts a background job (the
     * build run with {@code &} or {@code nohup}) with SIGINT ignored, the JVM then installs no handler for it, and
     * the tests' {@code kill -INT} would do nothing.
     */
    private static List<String> javaCommand(String command, String... args) {
        List<String> all = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jdtail.clients.Main", command));
        all.addAll(List.of(args));
        return all;
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void pump(InputStream from, OutputStream to) {
        Thread.ofPlatform().daemon().name("forked-client-output").start(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Sends {@code signal} (e.g. {@code INT}) to the client's JVM, as {@code kill -INT} from a shell does. */
    void signal(String signal) throws Exception {
        long pid = pidFile == null ? process.pid() : Long.parseLong(Files.readString(pidFile).strip());
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid + " failed");
        }
    }

    /** The exit status (under {@code script}: the client's); fails when the client has not ended in time. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the client did not end within " + timeout + "; output: " + out.text() + err.text());
        }
        return process.exitValue();
    }

    /** Everything written so far, a pseudo-terminal's CR LF line ends made LF. */
    String text() {
        return out.text().replace("\r\n", "\n");
    }

    String errText() {
        return err.text();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
