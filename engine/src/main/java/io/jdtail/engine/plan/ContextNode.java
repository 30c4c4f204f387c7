package io.jdtail.engine.plan;

/** grep's -B, -A and -m; zero means none (for max: no limit). */
public record ContextNode(int before, int after, int max) {

    public static final ContextNode NONE = new ContextNode(0, 0, 0);

    public boolean isNone() {
        return before == 0 && after == 0 && max == 0;
    }
}
