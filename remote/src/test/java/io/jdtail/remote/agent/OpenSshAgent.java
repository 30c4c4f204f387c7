package io.jdtail.remote.agent;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The real OpenSSH {@code ssh-agent}, run in the foreground ({@code -D}) on a socket in a test
 * directory, with {@code ssh-keygen} and {@code ssh-add} to fill it. The tools come from
 * openssh-client, which scripts/install-test-deps installs: a machine without them fails the tests
 * with a message that says so, rather than skipping them.
 */
public final class OpenSshAgent implements AutoCloseable {

    /** Bound of every wait for a tool. */
    static final Duration WAIT = Duration.ofSeconds(20);

    /** A key pair made by ssh-keygen: the private key file and the public key. */
    public record Key(Path file, PublicKey publicKey, String comment) {
    }

    private final Path dir;
    private final Path socket;
    private final Process process;

    private OpenSshAgent(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    /** Starts an agent on {@code <dir>/agent.sock} and waits until it listens. */
    public static OpenSshAgent start(Path dir) throws IOException, InterruptedException {
        Path socket = dir.resolve("agent.sock");
        Path log = dir.resolve("ssh-agent.log");
        Process process = new ProcessBuilder(tool("ssh-agent"), "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        OpenSshAgent agent = new OpenSshAgent(dir, socket, process);
        long until = System.nanoTime() + WAIT.toNanos();
        // the socket's file is there from bind(), before ssh-agent listens: up is when a connection is taken
        while (!accepts(socket)) {
            if (!process.isAlive() || System.nanoTime() > until) {
                agent.close();
                fail("ssh-agent did not come up on " + socket + ": " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        return agent;
    }

    private static boolean accepts(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false; // not there yet, or not listening yet
        }
    }

    public Path socket() {
        return socket;
    }

    /** Makes a key with ssh-keygen ({@code type} as its -t) in {@code dir}; it is not added to any agent. */
    public static Key keygen(Path dir, String type, String name) throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(tool("ssh-keygen"), "-q", "-t", type, "-N", "", "-C", name, "-f", file.toString()));
        if (type.equals("rsa")) {
            command.addAll(List.of("-b", "2048"));
        }
        run(command, Map.of(), dir);
        String line = Files.readString(dir.resolve(name + ".pub"), StandardCharsets.UTF_8).strip();
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
            return new Key(file, key, name);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + name + ".pub: " + e.getMessage(), e);
        }
    }

    /** Makes a key and adds it to this agent with ssh-add. */
    public Key addNew(String type, String name) throws IOException, InterruptedException {
        Key key = keygen(dir, type, name);
        run(List.of(tool("ssh-add"), key.file().toString()), Map.of("SSH_AUTH_SOCK", socket.toString()), dir);
        return key;
    }

    private static void run(List<String> command, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "tool", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            fail(String.join(" ", command) + " did not finish within " + WAIT);
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed (" + p.exitValue() + "): " + Files.readString(output));
        }
    }

    /** The tool's path on PATH; fails (not skips) without it. */
    static String tool(String name) {
        String path = System.getenv("PATH");
        for (String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(name + " is not on the PATH: these tests run the real OpenSSH agent; install openssh-client"
                + " (scripts/install-test-deps does)");
    }

    /** Stops the agent (it removes its socket on the way out). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
