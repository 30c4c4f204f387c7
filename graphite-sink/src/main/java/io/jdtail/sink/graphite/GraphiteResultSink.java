package io.jdtail.sink.graphite;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.SinkRequest;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the numbers of every result to Graphite over its plaintext protocol
 * ({@code path value timestamp\n} over TCP); see {@link MetricLines} for the metric paths.
 *
 * <h2>Never blocking the caller</h2>
 * {@link #write} only formats the lines and puts them into a bounded in-memory buffer
 * (option {@code bufferLines}, default {@value #DEFAULT_BUFFER_LINES}). When the buffer is full
 * the <em>oldest</em> lines are dropped and counted ({@link #droppedLines()}), so a Graphite
 * outage costs old points, never the caller's time. A background virtual thread connects, sends
 * in batches, and while Graphite is unreachable retries with exponential backoff (100 ms doubling
 * to 10 s). Connection loss, restoration and dropped points are logged through SLF4J (logger
 * {@code io.jdtail.sink.graphite.GraphiteResultSink}).
 *
 * <h2>Delivery: at least once, best effort</h2>
 * A batch whose write fails is put back at the head of the buffer and sent again after
 * reconnecting, so a line may arrive twice; that is harmless for Graphite, which keeps one value
 * per path and timestamp. The plaintext protocol has no acknowledgements: lines the operating
 * system accepted just before Graphite died can still be lost. The sender checks before every
 * batch that the peer has not closed the connection, which keeps that window small. Buffered
 * lines do not survive the process.
 *
 * <h2>Closing</h2>
 * {@link #close} stops accepting lines, lets the sender flush what it can for at most
 * {@link #DEFAULT_CLOSE_TIMEOUT 2 seconds}, then closes the connection and stops the thread;
 * lines still buffered are counted in the log.
 */
public final class GraphiteResultSink implements ResultSink {

    /** Default capacity of the buffer, in lines. */
    public static final int DEFAULT_BUFFER_LINES = 100_000;
    /** How long {@link #close} may spend flushing. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int BATCH_LINES = 2_000;
    static final long DROP_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long JOIN_MILLIS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(GraphiteResultSink.class);

    private final GraphiteTarget target;
    private final MetricLines format;
    private final int capacity;
    private final Duration closeTimeout;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private int inFlight;
    private long dropped;
    private long sent;
    private long losses;
    private long droppedReported;
    private long lossesReported;
    private boolean closing;
    private boolean stopped;

    private volatile SocketChannel channel;
    private volatile boolean connected;
    private final Thread sender;

    // sender thread only
    private long reportedDrops;
    private long lastDropReport;

    GraphiteResultSink(GraphiteTarget target, MetricLines format, int capacity, Duration closeTimeout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be positive: " + capacity);
        }
        this.target = target;
        this.format = format;
        this.capacity = capacity;
        this.closeTimeout = closeTimeout;
        this.lastDropReport = System.nanoTime() - DROP_REPORT_NANOS;
        this.sender = Thread.ofVirtual().name("graphite-sender-" + target).unstarted(this::run);
        sender.start();
    }

    /**
     * Opens a sink from a request: target {@code host[:port]}, options {@code prefix},
     * {@code job}, {@code bufferLines}.
     * Other options are ignored. Does not connect: the sender does that in the background.
     */
    public static GraphiteResultSink open(SinkRequest request) throws IOException {
        GraphiteTarget target = GraphiteTarget.parse(request.target());
        Map<String, String> options = request.options();
        MetricLines format = new MetricLines(options.get("prefix"), options.get("job"));
        int capacity = DEFAULT_BUFFER_LINES;
        String bufferLines = options.get("bufferLines");
        if (bufferLines != null) {
            try {
                capacity = Integer.parseInt(bufferLines.strip());
            } catch (NumberFormatException e) {
                capacity = -1;
            }
            if (capacity < 1) {
                throw new IOException("graphite option bufferLines=\"" + bufferLines + "\" is not a positive number");
            }
        }
        return new GraphiteResultSink(target, format, capacity, DEFAULT_CLOSE_TIMEOUT);
    }

    /** Queues the table's numbers for sending; returns at once. */
    @Override
    public void write(ResultTable table) throws IOException {
        List<String> lines = format.lines(table);
        lock.lock();
        try {
            if (closing) {
                throw new IOException("graphite sink for " + target + " is closed");
            }
            for (String line : lines) {
                if (buffer.size() >= capacity) {
                    buffer.pollFirst();
                    dropped++;
                }
                buffer.addLast(line);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        long left;
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            changed.signalAll();
            while ((!buffer.isEmpty() || inFlight > 0) && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped = true;
            changed.signalAll();
            lock.unlock();
        }
        closeChannel();
        sender.interrupt();
        try {
            sender.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reportDrops(true);
        int unsent = bufferedLines();
        if (unsent > 0) {
            LOG.warn("graphite {}: closed with {} points not sent", target, unsent);
        }
    }

    /** Where the lines go. */
    public GraphiteTarget target() {
        return target;
    }

    /** Lines dropped so far because the buffer was full. */
    public long droppedLines() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Lines waiting to be sent, including a batch being sent. */
    public int bufferedLines() {
        lock.lock();
        try {
            return buffer.size() + inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Lines handed to the operating system so far. */
    public long sentLines() {
        lock.lock();
        try {
            return sent;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What went wrong since the previous call: not connected now (with the points waiting), the
     * connection lost and restored meanwhile, points dropped because the buffer was full.
     */
    @Override
    public List<String> problems() {
        long newDrops;
        long newLosses;
        int waiting;
        lock.lock();
        try {
            newDrops = dropped - droppedReported;
            droppedReported = dropped;
            newLosses = losses - lossesReported;
            lossesReported = losses;
            waiting = buffer.size() + inFlight;
        } finally {
            lock.unlock();
        }
        List<String> problems = new ArrayList<>(2);
        if (!connected) {
            problems.add("graphite " + target + ": not connected, " + waiting + " points waiting");
        } else if (newLosses > 0) {
            problems.add("graphite " + target + ": connection lost " + newLosses + " time(s), reconnected");
        }
        if (newDrops > 0) {
            problems.add("graphite " + target + ": buffer of " + capacity + " points full, dropped the " + newDrops + " oldest");
        }
        return problems;
    }

    /** Whether the sender is connected right now. */
    public boolean isConnected() {
        return connected;
    }

    /** The buffered lines, oldest first (for tests). */
    List<String> bufferedSnapshot() {
        lock.lock();
        try {
            return List.copyOf(buffer);
        } finally {
            lock.unlock();
        }
    }

    // ---- sender ----------------------------------------------------------------------------

    private void run() {
        long backoff = MIN_BACKOFF_NANOS;
        boolean down = false;
        long downSince = 0;
        while (!isStopped()) {
            if (channel == null) {
                try {
                    connect();
                } catch (IOException e) {
                    closeChannel();
                    if (isStopped()) {
                        break;
                    }
                    if (!down) {
                        down = true;
                        downSince = System.nanoTime();
                        LOG.warn("graphite {}: cannot connect ({}); buffering up to {} points and retrying",
                                target, describe(e), capacity);
                    } else {
                        LOG.debug("graphite {}: still cannot connect ({}), next try in {} ms",
                                target, describe(e), TimeUnit.NANOSECONDS.toMillis(backoff));
                    }
                    reportDrops(false);
                    pause(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
                    continue;
                }
                backoff = MIN_BACKOFF_NANOS;
                if (down) {
                    down = false;
                    LOG.info("graphite {}: connected again after {} ms; {} points buffered", target,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince), bufferedLines());
                    reportDrops(true);
                } else {
                    LOG.debug("graphite {}: connected", target);
                }
            }
            List<String> batch = takeBatch();
            reportDrops(false);
            if (batch.isEmpty()) {
                continue;
            }
            SocketChannel ch = channel;
            try {
                if (ch == null) {
                    throw new IOException("not connected");
                }
                checkOpen(ch);
                send(ch, batch);
                finished(batch.size());
            } catch (IOException e) {
                requeue(batch);
                closeChannel();
                lost();
                if (!isStopped()) {
                    down = true;
                    downSince = System.nanoTime();
                    LOG.warn("graphite {}: connection lost ({}); {} points buffered, reconnecting",
                            target, describe(e), bufferedLines());
                }
            }
        }
        closeChannel();
    }

    private void connect() throws IOException {
        SocketChannel ch = SocketChannel.open();
        channel = ch; // visible to close() so that it can abort a connect in progress
        if (isStopped()) {
            throw new IOException("closed");
        }
        ch.socket().connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        connected = true;
    }

    private void closeChannel() {
        SocketChannel ch = channel;
        channel = null;
        connected = false;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }

    /**
     * Graphite never talks back on this connection: end of stream or an error on a non-blocking
     * read means the peer has gone, so the batch is kept instead of written into the void.
     */
    private static void checkOpen(SocketChannel ch) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(256);
        ch.configureBlocking(false);
        try {
            int n;
            while ((n = ch.read(scratch)) > 0) {
                scratch.clear();
            }
            if (n < 0) {
                throw new EOFException("closed by the server");
            }
        } finally {
            ch.configureBlocking(true);
        }
    }

    private static void send(SocketChannel ch, List<String> batch) throws IOException {
        int size = 0;
        for (String line : batch) {
            size += line.length();
        }
        StringBuilder text = new StringBuilder(size);
        for (String line : batch) {
            text.append(line);
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(US_ASCII));
        while (bytes.hasRemaining()) {
            ch.write(bytes);
        }
    }

    private boolean isStopped() {
        lock.lock();
        try {
            return stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to a second for lines, then takes the oldest ones as a batch. */
    private List<String> takeBatch() {
        lock.lock();
        try {
            if (buffer.isEmpty() && !stopped) {
                changed.await(1, TimeUnit.SECONDS);
            }
            if (stopped) {
                return List.of();
            }
            int n = Math.min(buffer.size(), BATCH_LINES);
            List<String> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(buffer.pollFirst());
            }
            inFlight = n;
            return batch;
        } catch (InterruptedException e) {
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private void lost() {
        lock.lock();
        try {
            losses++;
        } finally {
            lock.unlock();
        }
    }

    private void finished(int n) {
        lock.lock();
        try {
            inFlight = 0;
            sent += n;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Puts a failed batch back at the head; if the buffer filled up meanwhile, its oldest go. */
    private void requeue(List<String> batch) {
        lock.lock();
        try {
            inFlight = 0;
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (buffer.size() >= capacity) {
                    dropped += i + 1;
                    break;
                }
                buffer.addFirst(batch.get(i));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps for the backoff; close() cuts it short so that a last connect can be tried. */
    private void pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            boolean wasClosing = closing;
            while (left > 0 && !stopped && closing == wasClosing) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException ignored) {
            // stopping
        } finally {
            lock.unlock();
        }
    }

    private synchronized void reportDrops(boolean force) {
        long now = System.nanoTime();
        long total = droppedLines();
        if (total > reportedDrops && (force || now - lastDropReport >= DROP_REPORT_NANOS)) {
            LOG.warn("graphite {}: buffer of {} points full, dropped the {} oldest ({} in all)",
                    target, capacity, total - reportedDrops, total);
            reportedDrops = total;
            lastDropReport = now;
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return "graphite sink " + target;
    }
}
