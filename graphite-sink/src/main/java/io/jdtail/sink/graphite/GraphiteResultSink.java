package io.jdtail.sink.graphite;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.SinkRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
 * to 10 s, back to 100 ms once lines got through; a Graphite that accepts and hangs up before any
 * line got through is treated as unreachable, not reconnected to in a tight loop). A connection
 * closed by Graphite is noticed at once, also while no lines wait, and replaced. Connection loss, restoration and dropped points are logged through SLF4J (logger
 * {@code io.jdtail.sink.graphite.GraphiteResultSink}). A Graphite that is connected but takes no data (hung or
 * overloaded) is waited for on the same connection and told by {@link #problems} once it has taken nothing for
 * {@link #NO_DATA_REPORT_AFTER}.
 *
 * <h2>Delivery: at least once, best effort</h2>
 * A batch whose write fails is put back at the head of the buffer and sent again after
 * reconnecting, so a line may arrive twice; that is harmless for Graphite, which keeps one value
 * per path and timestamp. The plaintext protocol has no acknowledgements: lines the operating
 * system accepted just before Graphite died can still be lost. The sender watches the connection
 * for the peer's end all the time, and looks again right before each write: no batch is written
 * into a connection whose end has reached this host, which keeps that window small. Buffered lines
 * do not survive the process.
 *
 * <h2>Parts</h2>
 * {@link MetricLines} names the series, {@link SendQueue} holds the unsent lines,
 * {@link GraphiteSender} moves them over a {@link CarbonConnection}, retrying after a
 * {@link Backoff} on a {@link SenderClock}.
 *
 * <h2>Closing</h2>
 * {@link #close} stops accepting lines, lets the sender flush what it can for at most
 * {@link #DEFAULT_CLOSE_TIMEOUT 2 seconds}, then closes the connection and stops the thread;
 * lines still buffered are counted in the log.
 */
public final class GraphiteResultSink implements ResultSink {

    /** Default capacity of the buffer, in lines. */
    public static final int DEFAULT_BUFFER_LINES = 100_000;
    /**
     * How long carbon may take no data of a send (the connection up, the kernel's buffers full) before {@link #problems}
     * says so: a frozen carbon is otherwise silent until the buffer overflows.
     */
    public static final Duration NO_DATA_REPORT_AFTER = Duration.ofSeconds(10);
    /** How long {@link #close} may spend flushing. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(GraphiteResultSink.class);

    private final GraphiteTarget target;
    private final MetricLines format;
    private final Duration closeTimeout;
    private final SenderClock clock;
    private final SendQueue queue;
    private final GraphiteSender sender;

    GraphiteResultSink(GraphiteTarget target, MetricLines format, int capacity, Duration closeTimeout,
                       SenderClock clock) {
        this.target = target;
        this.format = format;
        this.closeTimeout = closeTimeout;
        this.clock = clock;
        this.queue = new SendQueue(capacity);
        this.sender = new GraphiteSender(target, queue, clock);
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
        return new GraphiteResultSink(target, format, capacity, DEFAULT_CLOSE_TIMEOUT, SenderClock.SYSTEM);
    }

    /** Queues the table's numbers for sending; returns at once. */
    @Override
    public void write(ResultTable table) throws IOException {
        queue.add(format.lines(table), target.toString());
    }

    @Override
    public void close() {
        if (!queue.startClosing()) {
            return;
        }
        clock.after(closeTimeout, queue::closeDeadlinePassed);
        queue.flushThenStop();
        sender.stop();
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
        return queue.dropped();
    }

    /** Lines waiting to be sent, including a batch being sent. */
    public int bufferedLines() {
        return queue.waiting();
    }

    /** Lines handed to the operating system so far. */
    public long sentLines() {
        return queue.sent();
    }

    /**
     * What went wrong since the previous call: not connected now (with the points waiting), the
     * connection lost and restored meanwhile, connected but carbon has taken no data for at least
     * {@link #NO_DATA_REPORT_AFTER} (told as long as it lasts; the sender does not reconnect for it, which would
     * send the batch under way twice and give a busy carbon one more connection), points dropped because the
     * buffer was full.
     */
    @Override
    public List<String> problems() {
        SendQueue.News news = queue.news();
        List<String> problems = new ArrayList<>(2);
        if (!sender.isConnected()) {
            problems.add("graphite " + target + ": not connected, " + news.waiting() + " points waiting");
        } else {
            if (news.newLosses() > 0) {
                problems.add("graphite " + target + ": connection lost " + news.newLosses() + " time(s), reconnected");
            }
            sender.carbonTakesNoDataFor().filter(d -> d.compareTo(NO_DATA_REPORT_AFTER) >= 0).ifPresent(d ->
                    problems.add("graphite " + target + ": connected, but carbon has taken no data for " + d.toSeconds()
                            + " s, " + news.waiting() + " points waiting; check that carbon is not hung or overloaded"));
        }
        if (news.newDrops() > 0) {
            problems.add("graphite " + target + ": buffer of " + queue.capacity() + " points full, dropped the "
                    + news.newDrops() + " oldest");
        }
        return problems;
    }

    /** Whether a send waits for carbon to take data (the kernel's buffers full); a state change wakes {@link #awaitState}. */
    boolean waitsForCarbon() {
        return sender.carbonTakesNoDataFor().isPresent();
    }

    /** Whether the sender is connected right now. */
    public boolean isConnected() {
        return sender.isConnected();
    }

    /**
     * Waits, at most {@code limit}, until the condition about this sink holds; it is checked whenever the
     * sink's state changes (lines queued or sent, connected, disconnected). False when the limit passed.
     */
    boolean awaitState(BooleanSupplier condition, Duration limit) throws InterruptedException {
        return queue.await(condition, limit);
    }

    /** The buffered lines, oldest first (for tests). */
    List<String> bufferedSnapshot() {
        return queue.snapshot();
    }

    @Override
    public String toString() {
        return "graphite sink " + target;
    }
}
