package io.jdtail.sink.graphite;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background loop that moves lines from the {@link SendQueue} to Graphite: connects, sends in
 * batches, and while Graphite is unreachable retries after the {@link Backoff} on the
 * {@link SenderClock}. A batch whose connection failed goes back to the head of the queue.
 * Connection loss, restoration and dropped points are logged (logger of {@link GraphiteResultSink}).
 */
final class GraphiteSender {

    static final int BATCH_LINES = 2_000;
    static final Duration DROP_REPORT_EVERY = Duration.ofSeconds(10);
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(GraphiteResultSink.class);

    private final GraphiteTarget target;
    private final SendQueue queue;
    private final SenderClock clock;
    private final Thread thread;
    private volatile CarbonConnection connection;

    // reportDrops only
    private long reportedDrops;
    private long lastDropReport;

    GraphiteSender(GraphiteTarget target, SendQueue queue, SenderClock clock) {
        this.target = target;
        this.queue = queue;
        this.clock = clock;
        this.lastDropReport = clock.nanoTime() - DROP_REPORT_EVERY.toNanos();
        this.thread = Thread.ofVirtual().name("graphite-sender-" + target).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Connected now, and the peer has not gone. */
    boolean isConnected() {
        CarbonConnection c = connection;
        return c != null && c.isUp();
    }

    /**
     * How long carbon has taken no data of the send under way (the kernel's buffers full: a frozen or overloaded
     * carbon); empty while data goes out or nothing is being sent.
     */
    Optional<Duration> carbonTakesNoDataFor() {
        CarbonConnection c = connection;
        OptionalLong since = c == null ? OptionalLong.empty() : c.waitingForCarbonSince();
        return since.isPresent() ? Optional.of(Duration.ofNanos(clock.nanoTime() - since.getAsLong())) : Optional.empty();
    }

    /** After the queue stopped: aborts a connect or a write in progress and waits (bounded) for the loop to end. */
    void stop() {
        closeConnection();
        thread.interrupt();
        try {
            thread.join(JOIN_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reportDrops(true);
    }

    private void run() {
        Backoff backoff = Backoff.initial();
        // a peer that accepts and hangs up at once must not be reconnected to in a tight loop
        boolean sentOnConnection = false;
        boolean down = false;
        long downSince = 0;
        while (!queue.isStopped()) {
            if (connection == null) {
                try {
                    connect();
                } catch (IOException e) {
                    closeConnection();
                    if (queue.isStopped()) {
                        break;
                    }
                    if (!down) {
                        down = true;
                        downSince = clock.nanoTime();
                        LOG.warn("graphite {}: cannot connect ({}); buffering up to {} points and retrying",
                                target, describe(e), queue.capacity());
                    } else {
                        LOG.debug("graphite {}: still cannot connect ({}), next try in {} ms",
                                target, describe(e), backoff.delay().toMillis());
                    }
                    reportDrops(false);
                    pause(backoff.delay());
                    backoff = backoff.next();
                    continue;
                }
                sentOnConnection = false;
                if (down) {
                    down = false;
                    LOG.info("graphite {}: connected again after {} ms; {} points buffered", target,
                            TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - downSince), queue.waiting());
                    reportDrops(true);
                } else {
                    LOG.debug("graphite {}: connected", target);
                }
            }
            CarbonConnection c = connection;
            if (c == null) {
                continue; // stop() closed it
            }
            List<String> batch = queue.takeBatch(BATCH_LINES, c::peerGone);
            reportDrops(false);
            if (batch.isEmpty() && queue.isStopped()) {
                break;
            }
            try {
                if (c.peerGone()) {
                    throw new EOFException("closed by the server");
                }
                if (batch.isEmpty()) {
                    continue;
                }
                c.send(batch);
                queue.sent(batch.size());
                sentOnConnection = true;
                backoff = Backoff.initial();
            } catch (IOException e) {
                queue.requeue(batch);
                closeConnection();
                queue.lost();
                if (!queue.isStopped()) {
                    down = true;
                    downSince = clock.nanoTime();
                    LOG.warn("graphite {}: connection lost ({}); {} points buffered, reconnecting",
                            target, describe(e), queue.waiting());
                    if (!sentOnConnection) {
                        pause(backoff.delay());
                        backoff = backoff.next();
                    }
                }
            }
        }
        closeConnection();
    }

    private void connect() throws IOException {
        CarbonConnection c = CarbonConnection.unconnected(clock::nanoTime);
        connection = c; // visible to stop() so that it can abort a connect in progress
        if (queue.isStopped()) {
            throw new IOException("closed");
        }
        c.connect(target, queue::wake);
        queue.wake();
    }

    private void closeConnection() {
        CarbonConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
            queue.wake();
        }
    }

    /** Waits for the backoff on the clock; closing cuts it short so that a last connect can be tried. */
    private void pause(Duration delay) {
        long retry = queue.nextRetry();
        clock.after(delay, () -> queue.retryDue(retry));
        queue.awaitRetry(retry);
    }

    private synchronized void reportDrops(boolean force) {
        long now = clock.nanoTime();
        long total = queue.dropped();
        if (total > reportedDrops && (force || now - lastDropReport >= DROP_REPORT_EVERY.toNanos())) {
            LOG.warn("graphite {}: buffer of {} points full, dropped the {} oldest ({} in all)",
                    target, queue.capacity(), total - reportedDrops, total);
            reportedDrops = total;
            lastDropReport = now;
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
