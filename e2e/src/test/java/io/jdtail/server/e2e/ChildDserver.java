package io.jdtail.server.e2e;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import io.jdtail.server.ssh.SessionHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real dserver in a JVM of its own, so that a test can stop it whole with {@code kill -STOP} (an in-process
 * dserver shares the test's JVM). It serves with {@link PlanSessionHandler}; each session announces itself on
 * stdout ({@code SESSION}) and is held there for a while, so that the parent can freeze the server at a known
 * point: the request is sent, the server is inside the session. The child ends when its stdin does.
 */
final class ChildDserver implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final int port;

    private ChildDserver(Process process) throws IOException, InterruptedException {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-dserver-stdout").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child ended
            }
        });
        String first = awaitLine("PORT ");
        this.port = Integer.parseInt(first.substring("PORT ".length()));
    }

    /** Starts a child dserver for {@code hostname} of the fixture (its CacheDir, its own host key). */
    static ChildDserver start(E2eServers fixture, String hostname) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChildDserver.class.getName(),
                fixture.cacheDir.toString(), fixture.hostKeyFile(hostname).toString(), hostname)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new ChildDserver(p);
        } catch (IOException | RuntimeException | InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The next line of the child's stdout that starts with {@code prefix}; bounded by {@link E2eServers#WAIT}. */
    String awaitLine(String prefix) throws InterruptedException, IOException {
        long end = System.nanoTime() + E2eServers.WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException("the child dserver printed no line starting with '" + prefix + "' within "
                        + E2eServers.WAIT + " (alive: " + process.isAlive() + ", printed: " + seen + ")");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.add(line);
        }
    }

    String flag() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code signal} (STOP, CONT) to the child with kill(1): a real signal to a real process. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Lets a stopped child run again and ends it. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            signal("CONT");
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The child's side: {@code <CacheDir> <host key file> <host name>}. */
    public static void main(String[] args) throws Exception {
        DtailConfig config = E2eServers.config(Path.of(args[0]), Path.of(args[1]), args[2], "");
        SessionHandler plan = new PlanSessionHandler(config, new HostContext(args[2], ZoneId.of("UTC")));
        SessionHandler announcing = channel -> {
            synchronized (System.out) {
                System.out.println("SESSION " + channel.sessionId());
                System.out.flush();
            }
            // hold the session (bounded) so that the parent freezes the server inside it, not after it
            Thread.sleep(E2eServers.WAIT.multipliedBy(10));
            plan.handle(channel);
        };
        Dserver server = Dserver.start(config, DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0),
                announcing);
        System.out.println("PORT " + server.port());
        System.out.flush();
        // the child lives as long as its parent: stdin ends when the parent ends it or goes away
        while (System.in.read() >= 0) {
            // nothing is expected on stdin
        }
        server.close();
        System.exit(0);
    }
}
