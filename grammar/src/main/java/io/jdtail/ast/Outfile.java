package io.jdtail.ast;

/** {@code outfile "PATH"} (atomic replace) or {@code outfile append "PATH"}. */
public record Outfile(String path, boolean append) {
}
