package io.jdtail.server.job;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems reported while a continuous job's interval is in progress (an unreadable file, a server's
 * message), kept for that interval's record; at most {@link #MAX} of them, so a file that fails on every poll
 * cannot fill the reports. Thread-safe: readers and servers report while the interval is written.
 */
final class IntervalProblems {

    /** Problems recorded with one interval at most (the follower reports each problem once). */
    static final int MAX = 20;

    private final List<String> problems = new ArrayList<>();

    synchronized void add(String problem) {
        if (problems.size() < MAX) {
            problems.add(problem);
        } else if (problems.size() == MAX) {
            problems.add("(more problems left out)");
        }
    }

    /** The problems since the previous call, to be added to by the interval's own errors. */
    synchronized List<String> drain() {
        List<String> since = new ArrayList<>(problems);
        problems.clear();
        return since;
    }
}
