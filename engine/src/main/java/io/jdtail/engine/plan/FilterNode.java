package io.jdtail.engine.plan;

/** Keep lines matching {@code regex} (RE2 syntax), or the others when {@code invert}. */
public record FilterNode(String regex, boolean invert) {
}
