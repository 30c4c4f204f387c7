package io.jdtail.engine.plan;

import java.util.List;

/** Which files to read (names or globs), whether to follow them, and the longest line kept whole. */
public record SourceNode(List<String> files, boolean follow, int maxLineLength) {

    public SourceNode {
        files = List.copyOf(files);
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive");
        }
    }
}
