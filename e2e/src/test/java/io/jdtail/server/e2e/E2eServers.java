package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.ClientCommand;
import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.remote.ClientAlgorithms;
import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.ServerFailure;
import io.jdtail.remote.RemoteSettings;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.clients.render.Terminal;
import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.engine.aggregate.PartialAggregate;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import io.jdtail.server.ssh.SessionHandler;
import io.jdtail.ssh.security.SshSecurity;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.function.UnaryOperator;

/**
 * Real dservers on 127.0.0.1 (each with its own host name and host key, all sharing one CacheDir with
 * {@code root.authorized_keys}), a real client key in OpenSSH format on disk, and a private home directory
 * ({@code user.home} is pointed at it while the fixture is open) so that {@code --trustAllHosts} writes
 * to a known_hosts file of the test, never to the real {@code ~/.ssh/known_hosts}.
 */
final class E2eServers implements AutoCloseable {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String USER = "root";

    final Path dir;
    final Path cacheDir;
    final Path home;
    final Path knownHosts;
    final KeyPair rootKey;
    final Path rootKeyFile;
    final List<Server> servers = new CopyOnWriteArrayList<>();
    private final String savedHome;

    E2eServers(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.cacheDir = Files.createDirectories(dir.resolve("cache"));
        this.home = Files.createDirectories(dir.resolve("home"));
        this.knownHosts = home.resolve(".ssh").resolve("known_hosts");
        this.rootKey = ed25519();
        this.rootKeyFile = writePrivateKey(dir.resolve("keys").resolve("root_ed25519"), rootKey);
        authorize(USER, rootKey);
        this.savedHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
    }

    static KeyPair ed25519() throws GeneralSecurityException {
        return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    }

    /** Writes {@code <CacheDir>/<user>.authorized_keys} (mode 0600). */
    Path authorize(String user, KeyPair... keys) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (KeyPair k : keys) {
            sb.append(PublicKeyEntry.toString(k.getPublic())).append(" e2e@jdtail\n");
        }
        Path file = cacheDir.resolve(user + ".authorized_keys");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** An unencrypted OpenSSH private key file (mode 0600), as {@code ssh-keygen} writes them. */
    static Path writePrivateKey(Path file, KeyPair key) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "e2e@jdtail", null, out);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The configuration of one server: the shared CacheDir, its own host key, plus {@code serverJson} keys. */
    DtailConfig config(String hostname, String serverJson) {
        return config(cacheDir, hostKeyFile(hostname), hostname, serverJson);
    }

    /** Where the server {@code hostname} keeps its host key. */
    Path hostKeyFile(String hostname) {
        return dir.resolve("hostkeys").resolve(hostname);
    }

    /** A configuration with {@code cacheDir} (authorized keys), the host key file, plus {@code serverJson} keys. */
    static DtailConfig config(Path cacheDir, Path hostKeyFile, String hostname, String serverJson) {
        String json = "{\"Common\": {\"CacheDir\": " + quote(cacheDir.toString()) + "},"
                + " \"Server\": {\"HostKeyFile\": " + quote(hostKeyFile.toString())
                + (serverJson.isBlank() ? "" : ", " + serverJson) + "}}";
        try {
            return ConfigLoader.parse(json, "e2e-" + hostname).config();
        } catch (io.jdtail.config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage() + " " + e.problems(), e);
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    Server start(String hostname) throws IOException {
        return start(hostname, "", h -> h);
    }

    Server start(String hostname, String serverJson) throws IOException {
        return start(hostname, serverJson, h -> h);
    }

    /** Starts a dserver with PlanSessionHandler; {@code wrap} may decorate the handler (to observe sessions). */
    Server start(String hostname, String serverJson, UnaryOperator<SessionHandler> wrap) throws IOException {
        return start(hostname, serverJson, wrap, o -> o);
    }

    /** As {@link #start(String, String, UnaryOperator)}, with {@code options} changing dserver's defaults. */
    Server start(String hostname, String serverJson, UnaryOperator<SessionHandler> wrap,
                 UnaryOperator<DserverOptions> options) throws IOException {
        DtailConfig config = config(hostname, serverJson);
        SessionHandler handler = wrap.apply(new PlanSessionHandler(config, new HostContext(hostname, ZoneId.of("UTC"))));
        Server s = new Server(hostname, config, handler, options);
        s.start(0);
        servers.add(s);
        return s;
    }

    /** One in-process dserver. */
    static final class Server {
        final String hostname;
        final DtailConfig config;
        final SessionHandler handler;
        final UnaryOperator<DserverOptions> options;
        volatile Dserver dserver;
        volatile int port;

        Server(String hostname, DtailConfig config, SessionHandler handler) {
            this(hostname, config, handler, o -> o);
        }

        Server(String hostname, DtailConfig config, SessionHandler handler, UnaryOperator<DserverOptions> options) {
            this.hostname = hostname;
            this.config = config;
            this.handler = handler;
            this.options = options;
        }

        void start(int p) throws IOException {
            dserver = Dserver.start(config, options.apply(DserverOptions.defaults()).withBindAddress("127.0.0.1").withPort(p),
                    handler);
            port = dserver.port();
        }

        /** Stops listening and drops every connection at once. */
        void stop() {
            Dserver d = dserver;
            if (d != null) {
                d.close();
            }
        }

        /** Starts again on the same port with the same configuration (so the same host key file). */
        void restart() throws IOException {
            start(port);
        }

        ServerAddress address() {
            return new ServerAddress("127.0.0.1", port);
        }

        String flag() {
            return "127.0.0.1:" + port;
        }
    }

    static String serversFlag(List<Server> list) {
        return String.join(",", list.stream().map(Server::flag).toList());
    }

    static List<ServerAddress> addresses(List<Server> list) {
        return list.stream().map(Server::address).toList();
    }

    /** {@code --servers ... --key ... --trustAllHosts --user root}, then {@code rest}. */
    String[] remoteArgs(List<Server> list, String... rest) {
        List<String> args = new ArrayList<>(List.of("--servers", serversFlag(list), "--key", rootKeyFile.toString(),
                "--trustAllHosts", "--user", USER));
        Collections.addAll(args, rest);
        return args.toArray(String[]::new);
    }

    RemoteSettings settings(String user, Path key) {
        return new RemoteSettings(user, List.of(key), knownHosts, true, 10, Duration.ofSeconds(10), Duration.ZERO);
    }

    RemoteSettings settings() {
        return settings(USER, rootKeyFile);
    }

    /**
     * Runs {@code request} on {@code targets} (each server named once) with a fresh RemoteRun; returns the failed
     * servers with their reasons.
     */
    Map<ServerAddress, String> run(RemoteSettings settings, RemoteSink sink, List<Server> targets, PlanRequest request)
            throws IOException, InterruptedException {
        return run(settings, sink, targets, request, () -> false);
    }

    Map<ServerAddress, String> run(RemoteSettings settings, RemoteSink sink, List<Server> targets, PlanRequest request,
                                   BooleanSupplier stop) throws IOException, InterruptedException {
        try (RemoteRun run = new RemoteRun(settings, sink, HostPrompt.REFUSE)) {
            return byServer(run.run(addresses(targets), request, stop));
        }
    }

    /** {@code failures} by server; a server that failed twice is a test's mistake (it named the server twice). */
    static Map<ServerAddress, String> byServer(List<ServerFailure> failures) {
        return failures.stream().collect(Collectors.toMap(ServerFailure::server, ServerFailure::reason));
    }

    /**
     * Runs a map query on each server over its own log only ({@code logs.get(i)} on {@code targets.get(i)}) and
     * merges the final partials as the client does; asserts every server answered without a problem.
     */
    ResultMerger mergeEachOwnLog(List<Server> targets, List<Path> logs, String query) throws IOException, InterruptedException {
        Planner planner = new Planner(LogFormats.load(), PlannerSettings.DEFAULTS);
        ResultMerger merger = new ResultMerger(planner.plan(PlanRequest.map(List.of("x"), query)).client().result().orElseThrow());
        for (int i = 0; i < targets.size(); i++) {
            RecordingSink sink = new RecordingSink();
            var failed = run(settings(), sink, List.of(targets.get(i)), PlanRequest.map(List.of(logs.get(i).toString()), query));
            assertThat(failed).isEmpty();
            assertThat(sink.problems).isEmpty();
            assertThat(sink.partials).as("a final partial from " + targets.get(i).hostname).isNotEmpty();
            sink.partials.forEach(merger::merge);
        }
        return merger;
    }

    static PlanRequest cat(String... files) {
        return new PlanRequest(PlanRequest.Mode.CAT, List.of(files), ".", false, 0, 0, 0, Optional.empty());
    }

    static PlanRequest tail(String... files) {
        return new PlanRequest(PlanRequest.Mode.TAIL, List.of(files), ".", false, 0, 0, 0, Optional.empty());
    }

    @Override
    public void close() {
        for (Server s : servers) {
            s.stop();
        }
        if (savedHome != null) {
            System.setProperty("user.home", savedHome);
        }
    }

    /** A deterministic log in DTail's default format ({@code /work/shared/bench/genlog.py}). */
    static Path genlog(Path out, int megabytes, int seed, String host) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("jdtail.genlog", "/work/shared/bench/genlog.py"));
        Process p = new ProcessBuilder("python3", script.toString(), out.toString(), Integer.toString(megabytes),
                "--seed", Integer.toString(seed), "--host", host).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("genlog.py failed: " + output);
        }
        return out;
    }

    // ------------------------------------------------------------------ client commands

    /** What a command printed, and its exit status. */
    record Outcome(int status, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stderr:\n" + stderr;
        }
    }

    /** A byte sink that can be read while a command still writes to it. */
    static final class LiveBytes extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized byte[] toByteArray() {
            return bytes.toByteArray();
        }

        String text() {
            return new String(toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /** Runs a real client command (dcat, dgrep, dmap, dtail) in this thread, not on a terminal. */
    static Outcome execute(ClientCommand command, String... args) {
        LiveBytes out = new LiveBytes();
        LiveBytes err = new LiveBytes();
        return execute(command, out, err, args);
    }

    static Outcome execute(ClientCommand command, LiveBytes out, LiveBytes err, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        command.redirect(o, e, null, new Terminal(false, false));
        int status = Commands.execute(command, o, e, args);
        o.flush();
        e.flush();
        return new Outcome(status, out.toByteArray(), err.text());
    }

    /** Runs the real {@code dmap} over {@code file}; the query's outfile clause names where its CSV goes. */
    static void dmap(String query, Path file) {
        Outcome outcome = execute(new DmapCommand(), "--plain", "--query", query, file.toString());
        if (outcome.status() != 0) {
            throw new AssertionError("dmap exited " + outcome.status() + ": " + outcome.stderr());
        }
    }

    /** Runs a command on a background thread; {@link #await} bounds the wait for it. */
    static final class Background {
        final LiveBytes out = new LiveBytes();
        final LiveBytes err = new LiveBytes();
        private final AtomicReference<Outcome> outcome = new AtomicReference<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Background(ClientCommand command, String... args) {
            thread = Thread.ofPlatform().daemon().name("e2e-command").start(() -> {
                try {
                    outcome.set(execute(command, out, err, args));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        Outcome await(Duration bound) throws InterruptedException {
            if (!thread.join(bound)) {
                thread.interrupt();
                throw new AssertionError("the command did not finish within " + bound + "\n--- stdout:\n"
                        + lastChars(out.text()) + "\n--- stderr:\n" + lastChars(err.text()));
            }
            if (failure.get() != null) {
                throw new AssertionError("the command threw", failure.get());
            }
            return outcome.get();
        }
    }

    static String lastChars(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    /**
     * The rows of the last table in dtail --query's output {@code out}: the lines under the last one that
     * holds {@code header} and its rule, without spaces; empty before the first table.
     */
    static List<String> lastTableRows(String out, String header) {
        List<String> lines = out.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(header)) {
                return lines.subList(Math.min(i + 2, lines.size()), lines.size()).stream()
                        .map(l -> l.replaceAll("\\s+", "")).toList();
            }
        }
        return List.of();
    }

    /**
     * Waits until the last table {@code dtail} printed holds {@code rows} (lines read in two intervals show in two
     * tables: this waits for the one of both); a timeout says how far dserver, in this JVM, had read {@code file}.
     */
    static void awaitLastTable(Background dtail, String header, java.util.Set<String> rows, Path file)
            throws InterruptedException {
        try {
            await(() -> java.util.Set.copyOf(lastTableRows(dtail.out.text(), header)).equals(rows), WAIT,
                    "a table of " + rows);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (dserver read " + file + " to " + readPosition(file) + " of "
                    + file.toFile().length() + "); dtail printed:\n" + dtail.out.text() + dtail.err.text(), e);
        }
    }

    // ------------------------------------------------------------------ sinks and waiting

    /** Records everything servers send. */
    static class RecordingSink implements RemoteSink {
        final Map<ServerAddress, List<Messages.Line>> lines = new ConcurrentHashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final List<Messages.Stats> stats = new CopyOnWriteArrayList<>();
        final List<PartialAggregate> partials = new CopyOnWriteArrayList<>();

        @Override
        public void lines(ServerAddress server, LineBatch batch) {
            batch.toList().forEach(l -> line(server, l));
        }

        /** One line of a batch; tests override this to act per line. */
        void line(ServerAddress server, Messages.Line line) {
            lines.computeIfAbsent(server, s -> new CopyOnWriteArrayList<>()).add(line);
        }

        @Override
        public void separator(ServerAddress server) {
        }

        @Override
        public void partial(ServerAddress server, PartialFrame partial) {
            partials.add(partial.partial());
        }

        @Override
        public void stats(ServerAddress server, Messages.Stats s) {
            stats.add(s);
        }

        @Override
        public void problem(ServerAddress server, String message) {
            problems.add(message);
        }

        List<Messages.Line> linesOf(Server s) {
            return lines.getOrDefault(s.address(), List.of());
        }

        /** The lines' bytes joined as dcat --plain would print them. */
        byte[] plainBytes(Server s) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (Messages.Line l : linesOf(s)) {
                b.writeBytes(l.bytes());
                if (l.terminated()) {
                    b.write('\n');
                }
            }
            return b.toByteArray();
        }
    }

    /**
     * Where this process's descriptors of {@code file} stand (the largest file position, from
     * {@code /proc/self/fdinfo}): dserver runs in this JVM, so this is how far its reader has read.
     * Its line reads move the position; its look-ahead for the last newline reads at an offset and does not.
     */
    /** How many descriptors of this JVM (its in-process dservers) have {@code file} open. */
    static int openCount(Path file) {
        int open = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            Path real = file.toRealPath();
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        open++;
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    static long readPosition(Path file) {
        long position = -1;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (!Files.readSymbolicLink(fd).equals(file.toRealPath())) {
                        continue;
                    }
                    for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(fd.getFileName()))) {
                        if (line.startsWith("pos:")) {
                            position = Math.max(position, Long.parseLong(line.substring(4).trim()));
                        }
                    }
                } catch (IOException e) {
                    // closed meanwhile, or not a file
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return position;
    }

    static void await(BooleanSupplier condition, Duration bound, String what) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + bound + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static void await(CountDownLatch latch, Duration bound, String what) throws InterruptedException {
        if (!latch.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("timed out after " + bound + " waiting for " + what);
        }
    }

    // ------------------------------------------------------------------ raw protocol

    /** A raw {@code jdtail} subsystem channel, for speaking (and mis-speaking) the frame protocol by hand. */
    static final class RawChannel implements AutoCloseable {
        final SshClient client;
        final ClientSession session;
        final ChannelSubsystem channel;
        final FrameCodec codec;

        RawChannel(Server server, String user, KeyPair key) throws IOException {
            client = SshClient.setUpDefaultClient();
            ClientAlgorithms.apply(client);
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try {
                session = client.connect(user, "127.0.0.1", server.port).verify(WAIT).getClientSession();
                session.addPublicKeyIdentity(key);
                session.auth().verify(WAIT);
                channel = session.createSubsystemChannel(FrameCodec.PROTOCOL);
                channel.open().verify(WAIT);
                codec = new FrameCodec(channel.getInvertedOut(), channel.getInvertedIn(), 64 << 20);
            } catch (IOException | RuntimeException e) {
                client.stop();
                throw e;
            }
        }

        /** Sends HELLO and checks the server's HELLO. */
        void hello() throws IOException {
            codec.write(FrameType.HELLO, Messages.hello(new Messages.Hello(FrameCodec.PROTOCOL, FrameCodec.VERSION)));
            codec.flush();
            FrameCodec.Frame f = codec.read();
            if (f == null || f.type() != FrameType.HELLO) {
                throw new AssertionError("expected HELLO from the server, got " + (f == null ? "end of stream" : f.type()));
            }
        }

        void sendRaw(byte[] bytes) throws IOException {
            OutputStream o = channel.getInvertedIn();
            o.write(bytes);
            o.flush();
        }

        /** Frames until DONE or the end of the stream (bounded by the channel closing). */
        List<FrameCodec.Frame> readAll() throws IOException {
            List<FrameCodec.Frame> frames = new ArrayList<>();
            Thread guard = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(WAIT);
                    channel.close(true);        // never wait for ever on a server that does not answer
                } catch (InterruptedException e) {
                    // done in time
                }
            });
            try {
                return readFrames(frames);
            } finally {
                guard.interrupt();
            }
        }

        private List<FrameCodec.Frame> readFrames(List<FrameCodec.Frame> frames) {
            while (true) {
                FrameCodec.Frame f;
                try {
                    f = codec.read();
                } catch (IOException e) {
                    return frames;
                }
                if (f == null) {
                    return frames;
                }
                frames.add(f);
                if (f.type() == FrameType.DONE) {
                    return frames;
                }
            }
        }

        @Override
        public void close() {
            try {
                channel.close(true);
                session.close(true);
            } finally {
                client.stop();
            }
        }
    }

    static List<String> errors(List<FrameCodec.Frame> frames) {
        return frames.stream().filter(f -> f.type() == FrameType.ERROR).map(f -> Messages.text(f.payload())).toList();
    }
}
