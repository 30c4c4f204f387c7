package io.jdtail.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.FrameWriter;
import io.jdtail.engine.wire.Messages;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a running request is told when dserver shuts down, read by a client at the other end of a real pipe: the
 * frames a session handler writes (the request's output, then DONE) and the notice the shutdown adds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdmissionTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String DONE = "DONE";

    private final Pipe pipe = Pipe.open();
    private final FrameWriter emitter = new FrameWriter(new FrameCodec(null, Channels.newOutputStream(pipe.sink()), 0),
            false, System::nanoTime);
    /** What the client read: "LINE text", "ERROR message", "DONE", ... */
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Thread client = Thread.ofPlatform().daemon().name("client").start(this::readFrames);

    AdmissionTest() throws IOException {
    }

    @AfterEach
    void tearDown() throws Exception {
        pipe.sink().close();
        client.join(BOUND);
    }

    /**
     * A dcat or dgrep that runs to its end while dserver stops (dserver gives it some seconds before it closes the
     * sessions): its output is complete, so it is told nothing, and its client exits 0. Before, it was told "dserver
     * is shutting down; this session ends now" and its client exited 1 with the whole output printed.
     */
    @Test
    void aReadOnceRequestThatEndsWhileDserverStopsIsToldNothing() throws Exception {
        Admission admission = new Admission(2, 2, Thread.ofVirtual().factory());
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> handled = readOnceUntil(release, admission, "the last line");
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> admission.shutdown(BOUND));
        awaitTrue(admission::shuttingDown, "the shutdown to begin");
        release.countDown();
        handled.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        shutdown.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(framesUntilDone()).containsExactly("LINE the last line", DONE);
    }

    /**
     * A dcat still running when dserver's time for it is up is told that its session ends (dserver cuts it soon), once,
     * before its DONE should it end after all.
     */
    @Test
    void aReadOnceRequestStillRunningWhenItsTimeIsUpIsToldOnceBeforeItsEnd() throws Exception {
        Admission admission = new Admission(2, 2, Thread.ofVirtual().factory());
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> handled = readOnceUntil(release, admission, "a late line");
        admission.shutdown(Duration.ZERO);
        assertThat(next()).isEqualTo("ERROR " + Admission.SHUTTING_DOWN);
        release.countDown();
        handled.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(framesUntilDone()).containsExactly("LINE a late line", DONE);
    }

    /**
     * A relayed request (any mode) and a follow stop as soon as dserver stops, so their output ends early: they are
     * told, before their DONE, however late the shutdown's notice threads run (here: after the request's end).
     */
    @Test
    void aRelayedRequestStoppedByTheShutdownIsToldBeforeItsEnd() throws Exception {
        CountDownLatch handlerReturned = new CountDownLatch(1);
        ThreadFactory lateNotices = notice -> Thread.ofVirtual().unstarted(() -> {
            await(handlerReturned);
            notice.run();
        });
        Admission admission = new Admission(2, 2, lateNotices);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> handled = handle(admission, PlanRequest.Mode.CAT, true, () -> {
            started.countDown();
            awaitTrue(admission::shuttingDown, "the shutdown to stop the relayed request");
        });
        await(started);
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> admission.shutdown(BOUND));
        handled.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        handlerReturned.countDown();
        shutdown.get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(framesUntilDone()).containsExactly("ERROR " + Admission.SHUTTING_DOWN, DONE);
    }

    /**
     * A dcat served here, running (admitted, past its start) when this returns; it sends {@code lastLine} once
     * {@code release} is counted down, and ends.
     */
    private CompletableFuture<Void> readOnceUntil(CountDownLatch release, Admission admission, String lastLine) {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> handled = handle(admission, PlanRequest.Mode.CAT, false, () -> {
            started.countDown();
            await(release);
            line(lastLine);
        });
        await(started);
        return handled;
    }

    /** Runs a request as the session handler does (admitted, then DONE), on a thread of its own. */
    private CompletableFuture<Void> handle(Admission admission, PlanRequest.Mode mode, boolean relayed,
                                           Admission.Work work) {
        CompletableFuture<Void> handled = new CompletableFuture<>();
        Thread.ofVirtual().name("request").start(() -> {
            try {
                admission.run(mode, relayed, emitter, work);
                emitter.done();
                handled.complete(null);
            } catch (Throwable t) {
                handled.completeExceptionally(t);
            }
        });
        return handled;
    }

    private void line(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        emitter.line("f.log", 1, bytes, 0, bytes.length, true);
    }

    private List<String> framesUntilDone() throws InterruptedException {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 1_000 && !frames.contains(DONE); i++) {
            frames.add(next());
        }
        return frames;
    }

    private String next() throws InterruptedException {
        String frame = received.poll(BOUND.toSeconds(), TimeUnit.SECONDS);
        if (frame == null) {
            fail("no frame within " + BOUND + "; read so far: " + received);
        }
        return frame;
    }

    private void readFrames() {
        FrameCodec codec = new FrameCodec(Channels.newInputStream(pipe.source()), null, 1 << 20);
        try {
            for (FrameCodec.Frame f; (f = codec.read()) != null; ) {
                switch (f.type()) {
                    case LINE -> io.jdtail.engine.wire.LineBatch.read(f.payload()).forEach(
                            (file, number, pct, terminated, buf, off, len) ->
                                    received.add("LINE " + new String(buf, off, len, StandardCharsets.US_ASCII)));
                    case ERROR -> received.add("ERROR " + Messages.text(f.payload()));
                    case DONE -> received.add(DONE);
                    default -> received.add(f.type().name());
                }
            }
        } catch (IOException e) {
            received.add("(the pipe failed: " + e + ")");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                fail("waited " + BOUND + " in vain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) until {@code condition} holds; Admission offers no event for it. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        fail("timed out after " + BOUND + " waiting for " + what);
    }
}
