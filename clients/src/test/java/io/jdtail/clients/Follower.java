package io.jdtail.clients;

import io.jdtail.engine.execution.Execution;
import io.jdtail.engine.execution.Inputs;
import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import io.jdtail.engine.plan.ServerPlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** Drives the engine's {@link Execution} of a followed input directly, with a stop flag the test controls. */
final class Follower implements LineEmitter {

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

    private Follower() {
    }

    static Follower start(List<String> files) {
        return start(files, PlannerSettings.DEFAULTS.maxLineLength());
    }

    static Follower start(List<String> files, int maxLineLength) {
        PlannerSettings settings = new PlannerSettings(PlannerSettings.DEFAULTS.mapreduceLogFormat(), maxLineLength,
                PlannerSettings.DEFAULTS.defaultInterval());
        ServerPlan plan = new Planner(LogFormats.load(), settings)
                .plan(new PlanRequest(PlanRequest.Mode.TAIL, files, ".", false, 0, 0, 0, Optional.empty())).server();
        Follower f = new Follower();
        Thread t = new Thread(() -> {
            try {
                Execution.of(HostContext.local()).run(plan, Inputs.Followed.asProcess(f.stop::get), f);
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

    synchronized boolean await(Predicate<Follower> condition, Duration timeout) throws InterruptedException {
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

    boolean awaitText(String text, Duration timeout) throws InterruptedException {
        return await(f -> f.texts().contains(text), timeout);
    }

    boolean awaitProblem(String part, Duration timeout) throws InterruptedException {
        return await(f -> f.problems().stream().anyMatch(p -> p.contains(part)), timeout);
    }

    /** Stops the runner and waits for it to return. */
    void stop() throws Exception {
        stop.set(true);
        done.get(10, TimeUnit.SECONDS);
    }
}
