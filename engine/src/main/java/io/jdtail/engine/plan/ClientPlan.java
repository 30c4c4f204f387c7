package io.jdtail.engine.plan;

import java.util.Optional;

/** What the client does with what servers send: for map-reduce, merge and render results. */
public record ClientPlan(Optional<ResultNode> result) {
}
