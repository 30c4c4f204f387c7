package io.jdtail.clients;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.render.Terminal;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code dtail ARGS} running in-process on a background thread, its stdout and stderr watched live. */
final class InProcessDtail {

    final LiveOutput out = new LiveOutput();
    final LiveOutput err = new LiveOutput();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();

    private InProcessDtail() {
    }

    /** Give {@code --shutdownAfter} (as the bound of a test that fails): the command ends by it or by {@link #stopAndAwaitExit}. */
    static InProcessDtail start(String... args) {
        InProcessDtail d = new InProcessDtail();
        PrintStream o = new PrintStream(d.out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(d.err, true, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try {
                d.status.complete(Commands.execute(new DtailCommand().stopWhen(d.stop::get).redirect(o, e, null, new Terminal(false, false)), o, e, args));
            } catch (Throwable x) {
                d.status.completeExceptionally(x);
            } finally {
                o.flush();
                e.flush();
            }
        }, "dtail-under-test");
        t.setDaemon(true);
        t.start();
        return d;
    }

    /** Tells dtail to stop (as its --shutdownAfter would) and returns its exit status. */
    int stopAndAwaitExit(Duration timeout) throws Exception {
        stop.set(true);
        return awaitExit(timeout);
    }

    /** The exit status; fails the test when the command has not ended in time. */
    int awaitExit(Duration timeout) throws Exception {
        try {
            return status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("dtail did not exit within " + timeout + "; stderr: " + err.text());
        }
    }
}
