package io.jdtail.clients.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) or SIGTERM of a client process, as the command sees it. The JVM runs its shutdown hooks on either
 * signal; the hook {@linkplain #request requests} the command's end: a follow stops as {@code --shutdownAfter} would
 * and prints its final table, a read-once command runs the action it {@linkplain #onRequest registered} (dmap prints
 * what it has merged, marked as interrupted). The hook then waits, bounded by {@link #LAST_OUTPUT}, until the command
 * has {@linkplain #finished finished} its output, and the JVM ends with the signal's status (130 for SIGINT, 143
 * for SIGTERM), as a shell expects.
 *
 * <p>A command run in-process (tests, a program that embeds it) gets one that only {@link #request} triggers.
 */
public final class Interruption {

    /** How long a signalled process waits for the command's last output: a stuck run must not keep it alive. */
    static final Duration LAST_OUTPUT = Duration.ofSeconds(10);

    private volatile boolean requested;
    private final AtomicReference<Runnable> action = new AtomicReference<>(() -> { });
    private final CountDownLatch finished = new CountDownLatch(1);

    /** One that nothing but {@link #request} triggers. */
    public static Interruption onRequest() {
        return new Interruption();
    }

    /** One that the process's Ctrl-C (SIGINT) and SIGTERM trigger (through a JVM shutdown hook). */
    public static Interruption onSignals() {
        Interruption interruption = new Interruption();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("jdtail-interrupted")
                .unstarted(() -> interruption.request(LAST_OUTPUT)));
        return interruption;
    }

    /** Whether the command was told to end. */
    public boolean requested() {
        return requested;
    }

    /** What to do first when the command is told to end (replaces what was registered before). */
    void onRequest(Runnable firstAction) {
        action.set(firstAction);
    }

    /**
     * Tells the command to end: runs its registered action, then waits up to {@code wait} for it to finish its
     * output. Nothing happens once it has finished (a normal exit runs the shutdown hook too).
     */
    public void request(Duration wait) {
        if (finished.getCount() == 0) {
            return;
        }
        requested = true;
        action.get().run();
        try {
            finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command has written all it will write. */
    public void finished() {
        finished.countDown();
    }
}
