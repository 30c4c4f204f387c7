package io.jdtail.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.FrameWriter;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The follow queue between dserver's reader and a client, over a real pipe with a small buffer (the
 * SSH window of a client that does not read fills the same way) and a clock set by hand: the reader
 * waits for a client that keeps up, and drops (counting exactly) only once the client has been behind
 * (the queue not once empty) for the maximum lag.
 */
class DroppingLineQueueTest {

    private static final Duration MAX_LAG = Duration.ofSeconds(2);
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int CAPACITY = 100;

    private final AtomicLong now = new AtomicLong();
    private final PipedInputStream clientEnd = new PipedInputStream(64 * 1024);
    private final PipedOutputStream serverEnd;
    private final DroppingLineQueue queue;
    /** What the client read: line texts, and the drop counts of STATS frames. */
    private final List<String> received = new ArrayList<>();
    private final List<Long> statsDropped = new ArrayList<>();
    private final CountDownLatch startReading = new CountDownLatch(1);
    /**
     * Set when the session ends: a pipe whose writing thread (the queue's sender) has ended says so
     * ("Write end dead") instead of ending the stream, and that is the end of the stream then.
     */
    private volatile boolean ending;
    private final Thread client;

    DroppingLineQueueTest() throws IOException {
        serverEnd = new PipedOutputStream(clientEnd);
        queue = new DroppingLineQueue(new FrameWriter(new FrameCodec(null, serverEnd, 0), false, System::nanoTime),
                CAPACITY, MAX_LAG, now::get);
        client = Thread.ofPlatform().daemon().name("client").start(this::readFrames);
    }

    @AfterEach
    void tearDown() throws Exception {
        startReading.countDown();
        serverEnd.close();
        client.join(BOUND);
    }

    @Test
    void aReaderAheadOfAClientThatKeepsTakingLinesWaitsForRoomAndNothingIsLost() throws Exception {
        startReading.countDown();
        int total = 20_000;
        // the reader offers 200 times what the queue holds, far faster than the pipe takes it
        for (int i = 0; i < total; i++) {
            offer(i);
        }
        endSession();

        assertThat(queue.dropped()).as("lines dropped although the client kept reading").isZero();
        assertThat(received).hasSize(total);
        assertThat(received.getLast()).isEqualTo(text(total - 1));
        assertThat(statsDropped).isEmpty();
    }

    /**
     * The session ends while the queue and the pipe are full but the client keeps up (it has been behind for less
     * than the maximum lag): the end waits for room like a line does, and the client gets every line. It used to
     * make room for the end marker by dropping the oldest queued line at once.
     */
    @Test
    void aSessionEndingWithAFullQueueLosesNothingWhileTheClientKeepsUp() throws Exception {
        AtomicLong offered = new AtomicLong();
        CountDownLatch closing = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon().name("reader").start(() -> {
            long end = System.nanoTime() + BOUND.toNanos();
            int i = 0;
            // lines until the pipe (the client's window) and the queue are both full; never more than fits
            while (!(queue.queued() == CAPACITY && clientEndFull()) && System.nanoTime() < end) {
                if (queue.queued() < CAPACITY) {
                    offer(i++);
                } else {
                    Thread.onSpinWait();
                }
            }
            offered.set(i);
            ending = true;
            closing.countDown();
            try {
                queue.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(closing.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the queue and the pipe filled").isTrue();
        startReading.countDown();
        reader.join(BOUND);
        serverEnd.close();
        assertThat(client.join(BOUND)).as("the client read to the end").isTrue();

        assertThat(queue.dropped()).as("lines dropped at the end although the client kept reading").isZero();
        assertThat(received).hasSize((int) offered.get());
        assertThat(statsDropped).isEmpty();
    }

    private boolean clientEndFull() {
        try {
            return clientEnd.available() == 64 * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStalledClientLosesLinesOnceItHasBeenBehindForTheMaximumLagAndIsToldExactlyHowMany() throws Exception {
        int total = 5_000;
        Thread reader = Thread.ofPlatform().daemon().name("reader").start(() -> {
            for (int i = 0; i < total; i++) {
                offer(i);
            }
        });
        // the client reads nothing: the pipe fills, the sender blocks, the queue fills, the reader waits (the pipe
        // full too: until then the sender still takes lines out, and the reader, once the clock has moved on, would
        // put newer lines in behind the ones it dropped)
        await(() -> clientEndFull() && queue.queued() == CAPACITY && reader.getState() == Thread.State.TIMED_WAITING,
                "the pipe and the queue full and the reader waiting for room");
        assertThat(queue.dropped()).as("dropped while the client had been behind for 0 s").isZero();

        // the client has now been behind for the maximum lag (the sender may have found the queue empty a
        // last time just before it blocked: the clock moves on until the reader has got through every line,
        // dropping what finds the queue full)
        for (int step = 1; step <= 100 && reader.isAlive(); step++) {
            now.set(step * MAX_LAG.toNanos());
            reader.join(Duration.ofMillis(100));
        }
        assertThat(reader.isAlive()).as("the reader went on, dropping").isFalse();
        long droppedWhileStalled = queue.dropped();
        assertThat(droppedWhileStalled).isPositive();

        startReading.countDown();
        // once the client reads again there is room: the session's end drops nothing more
        await(() -> queue.queued() < CAPACITY, "the client taking lines again");
        endSession();

        assertThat(queue.dropped()).isEqualTo(droppedWhileStalled);
        assertThat(received.size() + queue.dropped()).as("every line received or counted").isEqualTo(total);
        assertThat(statsDropped).as("the client is told the exact count").isNotEmpty();
        assertThat(statsDropped.getLast()).isEqualTo(queue.dropped());
        // the lines the client got are the first ones, in order: the reader dropped the newest
        List<String> firstLines = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            firstLines.add(text(i));
        }
        assertThat(received).isEqualTo(firstLines);
    }

    /**
     * A client that keeps reading, but slower than the reader offers lines, never lets the queue run
     * empty: once that has lasted the maximum lag it is behind for real, and lines are dropped while it
     * still reads. (Waiting for it instead would leave the reader ever further behind its files.) Each
     * line is larger than a LINE frame's batch and than the socket's buffers, so the sender writes it at
     * once and blocks until the client has read most of it: the queue of three is never empty while the
     * reader has lines. A TCP connection on 127.0.0.1 with small buffers stands for the SSH channel.
     */
    @Test
    void aClientThatReadsButNeverEmptiesTheQueueLosesLinesOnceThatHasLastedTheMaximumLag() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket clientSide = new Socket()) {
            clientSide.setReceiveBufferSize(64 * 1024);
            clientSide.connect(listener.getLocalSocketAddress());
            try (Socket serverSide = listener.accept()) {
                serverSide.setSendBufferSize(64 * 1024);
                slowClient(serverSide, clientSide);
            }
        }
    }

    private void slowClient(Socket serverSide, Socket clientSide) throws Exception {
        InputStream fromServer = clientSide.getInputStream();
        DroppingLineQueue small = new DroppingLineQueue(new FrameWriter(
                new FrameCodec(null, serverSide.getOutputStream(), 0), false, System::nanoTime), 3, MAX_LAG, now::get);
        int total = 40;
        byte[] big = "z".repeat(LineBatch.TARGET_BYTES + 50_000).getBytes(StandardCharsets.US_ASCII);
        Thread reader = Thread.ofPlatform().daemon().name("reader").start(() -> {
            for (int i = 0; i < total; i++) {
                small.line("big.log", i + 1, big, 0, big.length, true);
            }
        });
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] step = new byte[64 * 1024];
        long droppedBeforeTheLag = -1;
        long readAfterTheLag = 0;
        // the client reads up to 64 KiB a step, and each step takes a fortieth of the maximum lag (bounded:
        // 100,000 steps, and 1,000 reads that found nothing within 5 ms; a read waits for the data, and the
        // bound lets the loop see that the reader is done)
        clientSide.setSoTimeout(5);
        for (int i = 1, idle = 0; i <= 100_000 && idle < 1_000 && reader.isAlive(); i++) {
            int n;
            try {
                n = fromServer.read(step);
            } catch (SocketTimeoutException nothingYet) {
                n = 0;
            }
            if (n <= 0) {
                idle++;
                continue;
            }
            idle = 0;
            wire.write(step, 0, n);
            now.addAndGet(MAX_LAG.toNanos() / 40);
            if (now.get() < MAX_LAG.toNanos()) {
                droppedBeforeTheLag = small.dropped();
            } else {
                readAfterTheLag += n;
            }
        }
        assertThat(reader.isAlive()).as("the reader got through its lines").isFalse();
        assertThat(droppedBeforeTheLag).as("dropped before the client had been behind for the maximum lag").isZero();
        assertThat(readAfterTheLag).as("the client kept reading").isPositive();
        assertThat(small.dropped()).as("dropped for a client behind for longer than the maximum lag").isPositive();

        // the end of the session: what is left is read to the end, every line is received or counted
        Thread closing = Thread.ofPlatform().daemon().start(() -> {
            try {
                small.close();
                serverSide.shutdownOutput();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        clientSide.setSoTimeout((int) BOUND.toMillis());
        fromServer.transferTo(wire);
        assertThat(closing.join(BOUND)).isTrue();
        FrameCodec codec = new FrameCodec(new ByteArrayInputStream(wire.toByteArray()), null, 64 << 20);
        long lines = 0;
        long counted = -1;
        for (FrameCodec.Frame f; (f = codec.read()) != null; ) {
            if (f.type() == FrameType.LINE) {
                lines += LineBatch.read(f.payload()).count();
            } else if (f.type() == FrameType.STATS) {
                counted = Messages.stats(f.payload()).linesDropped();
            }
        }
        assertThat(lines + small.dropped()).isEqualTo(total);
        assertThat(counted).as("the drop count sent to the client").isEqualTo(small.dropped());
    }

    private void offer(int i) {
        byte[] bytes = text(i).getBytes(StandardCharsets.US_ASCII);
        queue.line("app.log", i + 1, bytes, 0, bytes.length, true);
    }

    private static String text(int i) {
        return String.format("%07d %s", i, "x".repeat(92));
    }

    /** Ends the session as dserver does: the queue closes (its sender sends what is left), then the channel. */
    private void endSession() throws Exception {
        ending = true;
        queue.close();
        serverEnd.close();
        assertThat(client.join(BOUND)).as("the client read to the end").isTrue();
    }

    private void readFrames() {
        try {
            if (!startReading.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                return;
            }
            FrameCodec codec = new FrameCodec(clientEnd, null, 64 << 20);
            for (FrameCodec.Frame f; (f = codec.read()) != null; ) {
                if (f.type() == FrameType.LINE) {
                    LineBatch.read(f.payload()).forEach((file, number, pct, terminated, buf, off, len) ->
                            received.add(new String(buf, off, len, StandardCharsets.US_ASCII)));
                } else if (f.type() == FrameType.STATS) {
                    statsDropped.add(Messages.stats(f.payload()).linesDropped());
                }
            }
        } catch (IOException e) {
            if (!ending) {
                throw new UncheckedIOException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + BOUND + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
