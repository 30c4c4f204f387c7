package io.jdtail.clients;

import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.execution.ManualTicker;
import io.jdtail.engine.execution.Ticker;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.plan.ServerPlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Drives the engine's {@link Execution} of a followed input directly, with a stop flag the test controls, on a
 * {@link ManualTicker} by default: the follower then polls only when the test moves time on, so that waiting for a
 * line to arrive, for a rotation's drain or for a rescan is a bounded number of polls, never a sleep. A soak test
 * with a writer in real time follows on real time ({@link #startInRealTime}) and counts the follower's polls.
 */
final class Follower implements LineEmitter {

    /** The follower's poll period, as the engine's. */
    static final Duration POLL = Duration.ofMillis(20);
    /** The most polls one wait drives: 30 s of the follower's time, plenty for any drain or rescan. */
    static final int MAX_POLLS = 1_500;

    /** One line as the runner handed it over. */
    record Line(String file, long number, String text, boolean terminated) {
    }

    /** Beyond this many lines only the count goes on: a runaway follower must fail the test, not exhaust the heap. */
    static final int KEEP_AT_MOST = 1_000_000;

    private final List<Line> lines = new ArrayList<>();
    private long dropped;
    private String lastDropped = "";
    private final List<String> problems = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Null in real time. */
    private final ManualTicker manual;
    private final PollCounter polls;

    private Follower(ManualTicker manual, PollCounter polls) {
        this.manual = manual;
        this.polls = polls;
    }

    static Follower start(List<String> files) {
        return start(files, PlannerSettings.DEFAULTS.maxLineLength());
    }

    static Follower start(List<String> files, int maxLineLength) {
        ManualTicker ticker = new ManualTicker(Instant.now());
        return start(files, maxLineLength, new Follower(ticker, null), ticker);
    }

    /** Follows on real time; {@link #awaitPolls} counts the follower's polls. */
    static Follower startInRealTime(List<String> files) {
        PollCounter counter = new PollCounter();
        return start(files, PlannerSettings.DEFAULTS.maxLineLength(), new Follower(null, counter), counter);
    }

    private static Follower start(List<String> files, int maxLineLength, Follower f, Ticker ticker) {
        PlannerSettings settings = new PlannerSettings(PlannerSettings.DEFAULTS.mapreduceLogFormat(), maxLineLength,
                PlannerSettings.DEFAULTS.defaultInterval());
        ServerPlan plan = new Planner(LogFormats.load(), settings)
                .plan(new PlanRequest(PlanRequest.Mode.TAIL, files, ".", false, 0, 0, 0, Optional.empty())).server();
        Thread t = new Thread(() -> {
            try {
                Execution.of(HostContext.local()).on(ticker).run(plan, Inputs.Followed.asProcess(f.stop::get), f);
                f.done.complete(null);
            } catch (Throwable e) {
                f.done.completeExceptionally(e);
            }
        }, "follow-runner-under-test");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Override
    public synchronized void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
        if (lines.size() >= KEEP_AT_MOST) {
            dropped++;
            lastDropped = new String(buf, off, len, StandardCharsets.UTF_8);
        } else {
            lines.add(new Line(file, lineNumber, new String(buf, off, len, StandardCharsets.UTF_8), terminated));
        }
        notifyAll();
    }

    @Override
    public void separator(String file) {
    }

    @Override
    public synchronized void problem(String message) {
        problems.add(message);
        notifyAll();
    }

    synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    synchronized List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    synchronized long count() {
        return lines.size() + dropped;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized String lastText() {
        return dropped > 0 ? lastDropped : lines.isEmpty() ? "" : lines.getLast().text();
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * On the manual ticker: lets the follower poll (at most {@link #MAX_POLLS} times, each bounded by {@code timeout}
     * of real time) until the condition holds. In real time: waits for it at most {@code timeout}.
     */
    boolean await(Predicate<Follower> condition, Duration timeout) throws InterruptedException {
        if (manual == null) {
            return awaitInRealTime(condition, timeout);
        }
        for (int i = 0; i < MAX_POLLS; i++) {
            if (holds(condition)) {
                return true;
            }
            manual.advanceOnePoll(POLL, timeout);
        }
        return holds(condition);
    }

    private synchronized boolean holds(Predicate<Follower> condition) {
        return condition.test(this);
    }

    private synchronized boolean awaitInRealTime(Predicate<Follower> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 50)));
        }
        return true;
    }

    /** The follower has looked at its files once and waits for time to pass: it follows them from here on. */
    void awaitAttached() throws InterruptedException {
        manual.awaitWaiting(1, Duration.ofSeconds(10));
    }

    /** Lets the follower poll as often as it would in {@code d}: what these polls do not show, it never shows. */
    void pollFor(Duration d) throws InterruptedException {
        for (long i = 0; i < d.dividedBy(POLL); i++) {
            manual.advanceOnePoll(POLL, Duration.ofSeconds(10));
        }
    }

    /** In real time: waits (at most {@code timeout}) until the follower has polled {@code n} more times. */
    void awaitPolls(int n, Duration timeout) throws InterruptedException {
        polls.await(n, timeout);
    }

    boolean awaitText(String text, Duration timeout) throws InterruptedException {
        return await(f -> f.texts().contains(text), timeout);
    }

    boolean awaitProblem(String part, Duration timeout) throws InterruptedException {
        return await(f -> f.problems().stream().anyMatch(p -> p.contains(part)), timeout);
    }

    /** Stops the runner and waits for it to return. */
    void stop() throws Exception {
        stop.set(true);
        if (manual != null) {
            manual.advance(Duration.ofSeconds(1));
        }
        done.get(10, TimeUnit.SECONDS);
    }

    /** Real time, counting the follower's waits between polls. */
    private static final class PollCounter implements Ticker {
        private long polls;

        @Override
        public Instant instant() {
            return Ticker.SYSTEM.instant();
        }

        @Override
        public long nanoTime() {
            return Ticker.SYSTEM.nanoTime();
        }

        @Override
        public boolean await(Wakeup wakeup, long millis) throws InterruptedException {
            synchronized (this) {
                polls++;
                notifyAll();
            }
            return Ticker.SYSTEM.await(wakeup, millis);
        }

        synchronized void await(int n, Duration timeout) throws InterruptedException {
            long target = polls + n;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (polls < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the follower polled " + (polls - target + n) + " times of " + n + " within " + timeout);
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
