package io.jdtail.engine.execution;

/**
 * A worker thread (a reader thread of a map-reduce) failed outside any one file: a bug, a broken
 * log format plug-in, memory exhausted. Thrown by the thread that started the workers once they
 * have all ended, so that the command fails with this message instead of showing a result that
 * silently lacks that thread's share. The message names the thread and its failure.
 */
public final class WorkerFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WorkerFailure(String thread, Throwable cause) {
        super("internal error: " + thread + " failed (" + describe(cause) + "); the result would be incomplete", cause);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
