package io.jdtail.server.warmup;

import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameReader;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.Handshake;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.engine.wire.PartialFrame;
import io.jdtail.remote.ClientAlgorithms;
import io.jdtail.remote.RemoteRun;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.JdtailSubsystemFactory;
import io.jdtail.server.ssh.WarmUpLogin;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * dserver's warm-up ({@code Server.WarmUp}): right after dserver listens, on a thread of its own, it serves the requests
 * of {@link #requests} to itself, through everything a client's request goes through: an SSH connection to its own
 * address (key exchange, the ciphers both ways), the {@code jdtail} subsystem, the session handler, the planner, the
 * execution pipeline reading a file, the frame writer on the SSH channel, with the answers read and counted here and
 * then dropped. dserver's JIT compiles only C2 code, after many runs of a method: without this, its first client's
 * requests run interpreted. Running the same requests in memory, without SSH, is not enough: C2 then compiles for
 * other stream and channel types and compiles again for the real ones.
 *
 * <p>What it reads is {@link WarmUpLog}'s log, written to a directory of its own in
 * {@code <CacheDir>} ({@link WarmUpDirectory}) and deleted at the end; its login
 * ({@link WarmUpLogin}) may read only that file and is accepted for this one connection only. Every wait is bounded
 * by {@link #WAIT}; a warm-up that fails is logged and changes nothing else (dserver serves its clients as without it).
 */
public final class WarmUp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    /** Size of the warm-up's log: enough lines for C2 to compile the per-line and per-batch paths. */
    public static final long LOG_BYTES = 4L << 20;
    /** The warm-up channels' packet size (the clients' is 256 KiB, {@link io.jdtail.remote.ClientPackets}): see the constructor. */
    static final long PACKET_BYTES = 4096;
    /** The warm-up's map-reduce query: a group by over the REQUEST lines' fields, with the common aggregates. */
    public static final String MAP_QUERY = "from REQUEST select count($line),avg(latency),max(latency) group by status,method";
    /** Bound of every wait of the warm-up, and of the whole of it. */
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Bound of the wait for the warm-up's SSH client to confirm its close. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /**
     * One request of the warm-up and what dserver answered.
     *
     * @param lines    lines received
     * @param partials partial aggregates received
     * @param rows     rows aggregated in those partials
     * @param groups   groups in those partials
     * @param problems what dserver reported about the request or its file
     */
    public record Answer(PlanRequest request, long lines, int partials, long rows, int groups, List<String> problems) {
        public Answer {
            problems = List.copyOf(problems);
        }
    }

    private final Dserver server;
    private final Path cacheDir;
    private final long logBytes;
    private final SshClient client;
    /** Set once a client's read-once request has started on dserver: the warm-up then gives way ({@link #giveWay}). */
    private volatile boolean clientCame;
    /** Set by dserver's stop ({@link #close}): the warm-up ends where it is, which is no failure. */
    private volatile boolean stopped;
    /** The warm-up's connection while it is open, for {@link #giveWay} to close. */
    private volatile ClientSession current;

    /**
     * A warm-up of {@code server} over a log of about {@code logBytes} in a directory of its own in {@code cacheDir}
     * ({@link WarmUpDirectory}); nothing happens before {@link #run} or {@link #start}.
     */
    public WarmUp(Dserver server, Path cacheDir, long logBytes) {
        this.server = server;
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.logBytes = logBytes;
        this.client = SshClient.setUpDefaultClient();
        // the jdtail clients' algorithms, so that dserver warms up the key exchange and cipher its clients choose
        ClientAlgorithms.apply(client);
        client.setServerKeyVerifier((session, address, key) -> KeyUtils.compareKeys(key, server.hostPublicKey()));
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        // its stop closes at once and then waits for the confirmation, by default up to a minute: a warm-up ending
        // or giving way has nothing to wait for
        CoreModuleProperties.STOP_WAIT_TIME.set(client, STOP_WAIT);
        // Small packets and a small window: dserver's per-packet code (AES-GCM, MINA's channel output, packet
        // encoding and decoding, the window) runs once per packet, and C2 compiles a method after many runs; at the
        // clients' 256 KiB packets the warm-up's few MB would run it far too few times, and a first remote dcat
        // would compile it while it runs.
        CoreModuleProperties.MAX_PACKET_SIZE.set(client, PACKET_BYTES);
        CoreModuleProperties.WINDOW_SIZE.set(client, 16L * PACKET_BYTES);
    }

    /**
     * The requests of the warm-up over {@code file}: dcat, dgrep and dmap as the clients send them, twice, first as
     * {@code --plain} clients ask (no line numbers), then with line numbers.
     */
    public static List<PlanRequest> requests(Path file) {
        List<String> files = List.of(file.toString());
        PlanRequest cat = new PlanRequest(PlanRequest.Mode.CAT, files, ".", false, 0, 0, 0, Optional.empty());
        PlanRequest grep = new PlanRequest(PlanRequest.Mode.GREP, files, WarmUpLog.ERROR_TEXT, false, 0, 0, 0,
                Optional.empty());
        PlanRequest map = PlanRequest.map(files, MAP_QUERY);
        return List.of(cat.unnumbered(), grep.unnumbered(), map, cat, grep, map);
    }

    /** Starts {@link #run} on a daemon thread of its own, which logs the outcome. */
    public Thread start() {
        return Thread.ofPlatform().daemon().name("dserver-warm-up").priority(Thread.MIN_PRIORITY).start(() -> {
            try {
                run();
            } catch (IOException | RuntimeException e) {
                LOG.warn("warm-up failed (dserver serves as without it; Server.WarmUp false turns it off): {}",
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // What the warm-up used is garbage now: its SSH client, its buffers, and the mappings of its deleted
                // log, whose pages count in dserver's resident memory until a collection unmaps them. A full
                // collection returns them, and with MaxHeapFreeRatio the heap shrinks to what is live (dserver's
                // launcher then trims the native heap); a few ms once, on this thread.
                System.gc();
            }
        });
    }

    /** Writes the log, serves its requests to dserver and reads the answers; the log is deleted at the end. */
    public List<Answer> run() throws IOException, InterruptedException {
        return run(answer -> LOG.debug("warm-up: {} answered: {} lines, {} rows", answer.request().mode(),
                answer.lines(), answer.rows()));
    }

    /**
     * {@link #run()}, telling {@code answered} each answer as it comes, on the warm-up's thread. The warm-up gives way
     * to the clients: once a client's read-once request (not a follow) has started on dserver, it sends no further
     * request and ends the one it is serving (the answers so far are returned), so that the client's request has the
     * CPU to itself.
     */
    public List<Answer> run(Consumer<Answer> answered) throws IOException, InterruptedException {
        long cpu = processCpuNanos();
        long t0 = System.nanoTime();
        server.warmUpLogin().onClientRequest(this::giveWay);
        Thread deadline = Thread.ofVirtual().name("dserver-warm-up-deadline").start(() -> {
            try {
                Thread.sleep(WAIT);
                LOG.warn("warm-up: not done within {} s, ended", WAIT.toSeconds());
                end();
            } catch (InterruptedException e) {
                // done in time
            }
        });
        List<Answer> answers = new ArrayList<>();
        long logSize = 0;
        Optional<WarmUpDirectory> directory = Optional.empty();
        try {
            if (!givenUp()) {
                directory = Optional.of(WarmUpDirectory.create(cacheDir));
                logSize = Files.size(WarmUpLog.write(directory.get().log(), logBytes));
                serve(directory.get().log().toRealPath(), answers, answered);
            }
        } catch (IOException | RuntimeException e) {
            // closing its connection to give way or stop makes MINA throw either, wherever the warm-up is
            if (!givenUp()) {
                throw e;
            }
            LOG.debug("warm-up: its request ended as it gave way or dserver stopped: {}", e.toString());
        } finally {
            deadline.interrupt();
            end();
            if (directory.isPresent()) {
                directory.get().delete();
            }
        }
        if (stopped) {
            LOG.info("warm-up: ended by dserver's stop after {} of {} requests, in {} ms", answers.size(),
                    requests(cacheDir).size(), (System.nanoTime() - t0) / 1_000_000);
        } else if (!clientCame) {
            LOG.info("warm-up: served {} requests over {} bytes of log in {} ms (dserver's CPU meanwhile: {} ms)",
                    answers.size(), logSize, (System.nanoTime() - t0) / 1_000_000, (processCpuNanos() - cpu) / 1_000_000);
        } else {
            String message = "warm-up: gave way to a client's request after {} of {} requests, in {} ms (dserver's CPU meanwhile: {} ms)";
            LOG.info(message, answers.size(), requests(cacheDir).size(), (System.nanoTime() - t0) / 1_000_000,
                    (processCpuNanos() - cpu) / 1_000_000);
        }
        return List.copyOf(answers);
    }

    /**
     * A client's request started: no further request, and the connection closes now, ending the request in flight
     * (called on an SSH I/O thread: it does not wait for the close).
     */
    private void giveWay() {
        clientCame = true;
        ClientSession session = current;
        if (session != null) {
            session.close(true);
        }
    }

    /** Serves {@link #requests} to dserver over one connection, adding each answer to {@code answers}. */
    private void serve(Path file, List<Answer> answers, Consumer<Answer> answered) throws IOException {
        client.start();
        InetSocketAddress bound = server.boundAddress();
        InetAddress target = bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress() : bound.getAddress();
        try (ClientSession session = client.connect(WarmUpLogin.NAME, new InetSocketAddress(target, bound.getPort()))
                .verify(WAIT).getClientSession()) {
            current = session;
            if (givenUp() || !server.warmUpLogin().expect(session.getIoSession().getLocalAddress(), file)) {
                throw new IOException("the warm-up's login is closed");
            }
            session.addPublicKeyIdentity(server.warmUpLogin().keys());
            session.auth().verify(WAIT);
            for (PlanRequest request : requests(file)) {
                if (givenUp()) {
                    return;
                }
                Answer answer = ask(session, request);
                if (!answer.problems().isEmpty()) {
                    // e.g. its log not allowed: the requests ran no pipeline, and compiled nothing they should
                    throw new IOException("dserver answered the warm-up's " + request.mode() + " request with: "
                            + String.join("; ", answer.problems()));
                }
                answers.add(answer);
                answered.accept(answer);
            }
        } finally {
            current = null;
        }
    }

    /** Sends one request on a channel of its own, as a client does, and counts what comes back until DONE. */
    private static Answer ask(ClientSession session, PlanRequest request) throws IOException {
        try (ChannelSubsystem channel = session.createSubsystemChannel(JdtailSubsystemFactory.NAME)) {
            channel.open().verify(WAIT);
            FrameCodec codec = new FrameCodec(channel.getInvertedOut(), channel.getInvertedIn(), RemoteRun.MAX_FRAME);
            Handshake.start(codec, FrameType.REQUEST, Messages.request(request));
            Handshake.checkServerHello(codec.read());
            Counted counted = new Counted();
            for (FrameCodec.Frame frame = codec.read(); frame != null; frame = codec.read()) {
                if (FrameReader.dispatch(frame, counted)) {
                    return new Answer(request, counted.lines, counted.partials, counted.rows, counted.groups,
                            counted.problems);
                }
            }
            throw new IOException("dserver ended the warm-up's " + request.mode() + " request before it was done");
        }
    }

    /** The answer's frames, counted. */
    private static final class Counted implements FrameReader.Sink {
        long lines;
        int partials;
        long rows;
        int groups;
        final List<String> problems = new ArrayList<>();

        @Override
        public void lines(LineBatch batch) {
            lines += batch.count();
        }

        @Override
        public void separator() {
        }

        @Override
        public void partial(PartialFrame partial) {
            partials++;
            rows += partial.partial().counters().rows;
            groups += partial.partial().groups();
        }

        @Override
        public void stats(Messages.Stats stats) {
        }

        @Override
        public void problem(String message) {
            problems.add(message);
        }
    }

    /** dserver's CPU time so far, all threads (java.base only: the jlinked runtime has no jdk.management). */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** A client's request came, or dserver stops: the warm-up sends no more requests. */
    private boolean givenUp() {
        return clientCame || stopped;
    }

    /**
     * dserver stops: the warm-up ends where it is (its connection, and its login for good), and says so rather than
     * that it failed.
     */
    @Override
    public void close() {
        stopped = true;
        end();
    }

    /** Ends the warm-up's connection, and its login for good. */
    private void end() {
        server.warmUpLogin().close();
        try {
            client.stop();
        } catch (RuntimeException e) {
            LOG.debug("warm-up: closing its client: {}", e.toString());
        }
    }
}
