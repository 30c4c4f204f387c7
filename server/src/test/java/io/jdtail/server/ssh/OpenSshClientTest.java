package io.jdtail.server.ssh;

import ch.qos.logback.classic.Level;
import io.jdtail.server.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jdtail.server.ssh.LimitsTest.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real OpenSSH client ({@code ssh}, Debian package openssh-client) against dserver: exec is refused,
 * {@code ssh -s HOST jdtail} reaches the session handler, remote forwarding is refused. Skipped where ssh is
 * missing, except under CI (CI=true), where that is a failure.
 */
class OpenSshClientTest {

    record Result(int exit, String out, String err) {
    }

    @TempDir
    Path dir;
    SshTestSupport t;
    Path key;

    static Path which(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @BeforeEach
    void setUp() throws Exception {
        boolean present = which("ssh") != null && which("ssh-keygen") != null;
        if (!present && System.getenv("CI") != null) {
            fail("the OpenSSH client is missing: apt-get install -y openssh-client");
        }
        assumeTrue(present, "OpenSSH client not installed (apt-get install -y openssh-client)");
        t = new SshTestSupport(dir);
        key = dir.resolve("id_ed25519");
        Result gen = run(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test@jdtail", "-f",
                key.toString());
        assertEquals(0, gen.exit(), gen.err());
        Path authorized = t.cacheDir.resolve("alice.authorized_keys");
        Files.copy(dir.resolve("id_ed25519.pub"), authorized);
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
        t.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (t != null) {
            t.close();
        }
    }

    private List<String> ssh(String... extra) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
                "-p", String.valueOf(t.server.port())));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static Result run(String stdin, String... command) throws Exception {
        return run(stdin, List.of(command));
    }

    private static Result run(String stdin, List<String> command) throws Exception {
        return run(stdin, command, java.util.Map.of());
    }

    private static Result run(String stdin, List<String> command, java.util.Map<String, String> env)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }

    @Test
    void execIsRefused() throws Exception {
        Result r = run(null, ssh("alice@127.0.0.1", "echo hi"));
        assertNotEquals(0, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("exec request failed"), r.toString());
    }

    @Test
    void shellIsRefused() throws Exception {
        Result r = run(null, ssh("-T", "alice@127.0.0.1"));
        assertNotEquals(0, r.exit(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().contains("shell request failed"), r.toString());
    }

    @Test
    void jdtailSubsystemReachesTheHandler() throws Exception {
        Result r = run("ping\npong\n", ssh("-s", "alice@127.0.0.1", "jdtail"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("hello alice\nping\npong\n", r.out());
    }

    @Test
    void otherSubsystemsAreRefused() throws Exception {
        Result r = run(null, ssh("-s", "alice@127.0.0.1", "sftp"));
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("subsystem request failed"), r.toString());
    }

    @Test
    void remotePortForwardingIsRefused() throws Exception {
        Result r = run("", ssh("-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:9", "-s",
                "alice@127.0.0.1", "jdtail"));
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("remote port forwarding failed"), r.toString());
    }

    @Test
    void x11ForwardingIsRefused() throws Exception {
        Result r = run("hi\n", ssh("-X", "-o", "LogLevel=INFO", "-s", "alice@127.0.0.1", "jdtail"),
                java.util.Map.of("DISPLAY", ":0"));
        assertTrue(r.err().contains("X11 forwarding request failed"), r.toString());
        assertEquals("hello alice\nhi\n", r.out());
    }

    @Test
    void excessConnectionSeesTheReason() throws Exception {
        t.server.close();
        t.start(1, o -> o, SshTestSupport.ECHO);
        java.security.KeyPair k = SshTestSupport.ed25519();
        t.authorize("bob", k);
        t.login("bob", k);                                   // holds the only slot
        Result r = run("", ssh("-s", "alice@127.0.0.1", "jdtail"));
        assertEquals(255, r.exit(), r.toString());
        assertTrue(r.err().contains("too many connections (max 1)"), r.toString());
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        Files.delete(t.cacheDir.resolve("alice.authorized_keys"));
        Result r = run("", ssh("-s", "alice@127.0.0.1", "jdtail"));
        assertEquals(255, r.exit(), r.toString());
        assertTrue(r.err().contains("Permission denied (publickey)"), r.toString());
    }

    @Test
    void openSshAnswersTheHeartbeatsOfAQuietSession() throws Exception {
        t.server.close();
        t.start(10, o -> o.withHeartbeat(Duration.ofMillis(200), 5), SshTestSupport.ECHO);
        try (LogCapture log = new LogCapture(Dserver.class.getName(), Level.DEBUG)) {
            Process ssh = new ProcessBuilder(ssh("-s", "alice@127.0.0.1", "jdtail")).start();
            try (BufferedReader out = ssh.inputReader(StandardCharsets.UTF_8)) {
                assertEquals("hello alice", out.readLine());
                // ssh knows no keepalive@openssh.com request and answers REQUEST_FAILURE: alive all the same
                log.await(lines -> lines.stream().filter(l -> l.startsWith("DEBUG keep-alive answered by alice@"))
                        .count() >= 5, SshTestSupport.TIMEOUT, "five keep-alives answered by ssh");
                ssh.getOutputStream().write("ok\n".getBytes(StandardCharsets.UTF_8));
                ssh.getOutputStream().close();
                assertEquals("ok", out.readLine());
                assertTrue(ssh.waitFor(30, TimeUnit.SECONDS), "ssh ends with its input");
                assertEquals(0, ssh.exitValue());
            } finally {
                ssh.destroyForcibly();
            }
        }
    }

    @Test
    void aFrozenSshIsDisconnectedByTheHeartbeats() throws Exception {
        t.server.close();
        SshTestSupport.QuietSession quiet = new SshTestSupport.QuietSession();
        t.start(10, o -> o.withHeartbeat(Duration.ofMillis(200), 3), quiet.handler());
        Process ssh = new ProcessBuilder(ssh("-s", "alice@127.0.0.1", "jdtail")).start();
        try (LogCapture log = new LogCapture(Dserver.class)) {
            assertTrue(quiet.started().await(30, TimeUnit.SECONDS), "ssh's channel reached the handler");
            // a frozen client: its TCP connection stays established, nothing it is sent is answered
            assertEquals(0, run(null, "kill", "-STOP", String.valueOf(ssh.pid())).exit());
            assertTrue(quiet.closed().await(30, TimeUnit.SECONDS), "channel close callback");
            assertTrue(quiet.handlerDone().await(30, TimeUnit.SECONDS), "handler interrupted");
            awaitCondition(() -> t.server.connectionCount() == 0, "the connection released");
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("INFO closing connection of alice@")
                            && l.endsWith(": the client answered none of the last 3 keep-alive requests (sent every 200ms)")),
                    () -> "why, in dserver's log: " + log.lines());
        } finally {
            run(null, "kill", "-CONT", String.valueOf(ssh.pid()));
            ssh.destroyForcibly();
        }
    }
}
