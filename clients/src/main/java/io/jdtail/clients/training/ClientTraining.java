package io.jdtail.clients.training;

import io.jdtail.clients.Main;
import io.jdtail.clients.SshWarmUp;
import io.jdtail.clients.cli.ClientCommand;
import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.cli.DtailhealthCommand;
import io.jdtail.clients.cli.Interruption;
import io.jdtail.clients.render.Terminal;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The training runs behind the distribution's ahead-of-time caches (JDK 25, {@code -XX:AOTCacheOutput}):
 * the clients' everyday commands, remote and serverless, in one JVM, so that the JDK records which
 * classes they load and link. The launchers start every command with that cache; a remote {@code dgrep}
 * then spends half as long getting ready. The training's method profiles are kept only in the serverless cache (the
 * dist build passes {@code -XX:-AOTRecordTraining} to the other training; see its pom for the measurements).
 *
 * <p>With {@code --serverless} it trains only the serverless commands, for the second cache the launcher
 * gives a command line that names no servers: the JVM loads every class of its cache at start, and the
 * SSH stack's classes (a remote training's cache holds more than twice as many classes) would only slow a
 * serverless command down.
 *
 * <p>The dserver the remote commands talk to runs in a JVM of its own (same Java, same class path,
 * on 127.0.0.1): the JVM loads every class of the cache at start, so server classes in it would
 * slow every client down.
 *
 * <p>The dist module's build runs it through the launcher, on the bundled sample log:
 * {@code JDTAIL_JAVA_OPTS=-XX:AOTCacheOutput=lib/jdtail-VERSION.aot bin/jdtail-launch
 * io.jdtail.clients.training.ClientTraining samples/sample.log}, and with {@code -serverless.aot} and
 * {@code --serverless samples/sample.log}. Everything it makes (keys, configuration,
 * known_hosts, log copies) lives in a temporary directory that is removed at the end. Any command that
 * fails makes the training fail: a cache trained on errors would teach the JDK the wrong paths.
 */
public final class ClientTraining {

    /**
     * The sample, repeated to 5 MB: enough for the bulk paths (several LINE batches per request, SSH
     * window adjustments, a batch buffer that grows) to load their classes.
     */
    private static final int SAMPLE_COPIES = 10;
    /**
     * The size of the file a grep reads in ranges (the engine's ReadRunner does for files of at least twice its 32 MiB
     * range): without it the classes of that path are not in the cache, and a grep of a large file stopped at its first
     * range to look for them in every jar of the class path (40 ms on the 2-core development machine).
     */
    static final long RANGED_BYTES = 66L << 20;
    private static final String QUERY =
            "from REQUEST select status,count($line),avg(latency),max(latency) group by status order by count($line)";

    private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final long SERVER_WAIT_SECONDS = 30;
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private ClientTraining() {
    }

    public static void main(String[] args) throws Exception {
        boolean serverless = args.length == 2 && args[0].equals("--serverless");
        if (args.length != 1 && !serverless) {
            System.err.println("usage: ClientTraining [--serverless] SAMPLE_LOG");
            System.exit(2);
        }
        Path sample = Path.of(args[args.length - 1]);
        Path dir = Files.createTempDirectory("jdtail-training");
        String savedHome = System.getProperty("user.home");
        try {
            // --trustAllHosts records the dserver's host key in ~/.ssh/known_hosts: keep it in here
            System.setProperty("user.home", Files.createDirectories(dir.resolve("home")).toString());
            Path log = sampleCopies(sample, dir);
            if (serverless) {
                trainServerless(log);
            } else {
                train(log, dir);
            }
        } finally {
            System.setProperty("user.home", savedHome);
            deleteTree(dir);
        }
        System.exit(0);
    }

    /** The sample log, {@link #SAMPLE_COPIES} times over, in the training's directory. */
    private static Path sampleCopies(Path sample, Path dir) throws IOException {
        Path log = dir.resolve("training.log");
        byte[] lines = Files.readAllBytes(sample);
        try (OutputStream out = Files.newOutputStream(log)) {
            for (int i = 0; i < SAMPLE_COPIES; i++) {
                out.write(lines);
            }
        }
        return log;
    }

    /**
     * The serverless commands of {@link #train}, with no SSH class loaded; once each, which loads their classes
     * (and, this cache keeping the training's method profiles, never runs their start-up code often enough to look hot),
     * a grep of a file read in ranges, and the serverless dtail.
     */
    private static void trainServerless(Path log) throws IOException {
        String file = log.toString();
        // the launchers' entry point, its first question and its lambda, loaded so that a command finds them in the
        // cache: a class that is not there is looked for in every jar of the class path (the clients' jar is the last),
        // a lambda's class is spun
        Class<?> entryPoint = Main.class;
        Main.askInBackgroundWhetherExitLogs();
        startAsACommandDoes();
        if (SshWarmUp.wanted("dgrep", new String[] {"--plain", file})) {
            throw new IllegalStateException(entryPoint.getName() + ": a serverless command line asks for servers");
        }
        serverless(file);
        run(DgrepCommand::new, List.of(), "--plain", "--regex", "upstream timeout", rangedFile(log, log.resolveSibling("ranged.log")).toString());
        run(DtailCommand::new, List.of(), "--plain", "--shutdownAfter", "1", file);
    }

    /**
     * A file of at least {@link #RANGED_BYTES} that a grep reads in ranges: the training log again and again, real lines
     * with matches now and then in every range. An empty log is refused: copied again and again it would never
     * make the file any larger, and the build's training would never end.
     */
    static Path rangedFile(Path log, Path file) throws IOException {
        byte[] lines = Files.readAllBytes(log);
        if (lines.length == 0) {
            throw new IllegalArgumentException(log + " is empty: the training needs a sample log with lines"
                    + " (the dist build passes samples/sample.log)");
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (long written = 0; written < RANGED_BYTES; written += lines.length) {
                out.write(lines);
            }
        }
        return file;
    }

    /**
     * What a command does at start and the training's commands do not (they are given their terminal and no signal
     * handling): the JDK's console classes and the signal hook's lambda, into the cache.
     */
    private static void startAsACommandDoes() {
        Terminal.detect(false);
        Interruption.onSignals().finished();
    }

    /** dcat, dgrep and dmap on the local file, plain and (as on a colour terminal) decorated. */
    private static void serverless(String file) {
        run(DcatCommand::new, List.of(), "--plain", file);
        run(DcatCommand::new, List.of(), file);
        run(DgrepCommand::new, List.of(), "--plain", "--regex", "Cache miss", file);
        run(DgrepCommand::new, List.of(), "--regex", "status=5[0-9][0-9]", file);
        run(DmapCommand::new, List.of(), "--query", QUERY, file);
        run(DmapCommand::new, List.of(), "--plain", "--query", QUERY, file);
    }

    private static void train(Path log, Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        // as every command does first (see trainServerless)
        Main.askInBackgroundWhetherExitLogs();
        startAsACommandDoes();
        // as every remote command does next (it installs SshSecurity, whose choice of crypto providers MINA SSHD reads once per
        // JVM, at its first use): without it the cache lacked SshWarmUp and its thread's lambda, and every remote command
        // looked for the class in every jar of the class path (the clients' jar is the last) and spun the lambda, about 40 ms
        // on its main thread before the warm-up could start
        SshWarmUp.startInBackground();
        Path cacheDir = Files.createDirectories(dir.resolve("cache"));
        KeyPair key = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path keyFile = dir.resolve("id_ed25519");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "training@jdtail", null, out);
        }
        ownerOnly(keyFile);
        Path authorized = cacheDir.resolve(System.getProperty("user.name") + ".authorized_keys");
        Files.writeString(authorized, PublicKeyEntry.toString(key.getPublic()) + " training@jdtail\n", StandardCharsets.UTF_8);
        ownerOnly(authorized);
        Path config = dir.resolve("dtail.json");
        Files.writeString(config, "{\"Common\": {\"CacheDir\": " + json(cacheDir) + ", \"LogDir\": " + json(dir.resolve("log"))
                + "}, \"Server\": {\"HostKeyFile\": " + json(dir.resolve("host_key")) + "}}", StandardCharsets.UTF_8);

        Process dserver = startDserver(config);
        try {
            String address = "127.0.0.1:" + awaitPort(dserver);
            List<String> remote = List.of("--servers", address, "--key", keyFile.toString(), "--trustAllHosts");
            String file = log.toString();
            for (int round = 0; round < 2; round++) {
                run(DcatCommand::new, remote, "--plain", file);
                run(DcatCommand::new, remote, file);
                run(DgrepCommand::new, remote, "--plain", "--regex", "Cache miss", file);
                run(DgrepCommand::new, remote, "--regex", "status=5[0-9][0-9]", file);
                run(DmapCommand::new, remote, "--plain", "--query", QUERY, file);
                health(remote.subList(2, remote.size()), "--server", address);
                serverless(file);
            }
            run(DtailCommand::new, remote, "--plain", "--shutdownAfter", "1", file);
        } finally {
            dserver.destroy();
            if (!dserver.waitFor(SERVER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                dserver.destroyForcibly();
            }
        }
    }

    /** dserver in a JVM of its own, on any free port of 127.0.0.1, logging to stderr (where its port is read). */
    private static Process startDserver(Path config) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.jdtail.server.cli.DserverCommand", "--cfg", config.toString(), "--bindAddress", "127.0.0.1",
                "--port", "0", "--logger", "stderr", "--logLevel", "warn");
        // the training JVM's options (the AOT recording among them) are not the server's
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    /** The port from dserver's "listening on /127.0.0.1:PORT" line; what else it says is passed on. */
    private static int awaitPort(Process dserver) throws IOException, InterruptedException {
        FutureTask<Integer> port = new FutureTask<>(() -> {
            BufferedReader err = new BufferedReader(new InputStreamReader(dserver.getErrorStream(), StandardCharsets.UTF_8));
            for (String line; (line = err.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    Thread.ofVirtual().start(() -> drain(err));
                    return Integer.parseInt(m.group(1));
                }
                System.err.println(line);
            }
            throw new IOException("dserver ended before it listened (exit status " + dserver.waitFor() + ")");
        });
        Thread.ofVirtual().name("dserver-stderr").start(port);
        try {
            return port.get(SERVER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("dserver did not listen within " + SERVER_WAIT_SECONDS + " s");
        }
    }

    private static void drain(BufferedReader err) {
        try {
            for (String line; (line = err.readLine()) != null; ) {
                System.err.println(line);
            }
        } catch (IOException e) {
            // the server is gone
        }
    }

    /** Runs a client as on a colour terminal (so that both renderers are trained), its output discarded. */
    private static void run(Supplier<ClientCommand> command, List<String> common, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        ClientCommand client = command.get().redirect(DISCARD, errors, null, new Terminal(true, true));
        check(client, Commands.execute(client, DISCARD, errors, arguments(common, args)), common, args, err);
    }

    private static void health(List<String> common, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DtailhealthCommand health = new DtailhealthCommand(DISCARD);
        check(health, Commands.execute(health, DISCARD, new PrintStream(err, true, StandardCharsets.UTF_8),
                arguments(common, args)), common, args, err);
    }

    private static String[] arguments(List<String> common, String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static void check(Object command, int status, List<String> common, String[] args, ByteArrayOutputStream err) {
        if (status != Commands.OK) {
            throw new IllegalStateException(command.getClass().getSimpleName() + " " + String.join(" ", arguments(common, args))
                    + " exited with " + status + ": " + err.toString(StandardCharsets.UTF_8));
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static String json(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
