package io.jdtail.engine.plan;

/** A compiled request: the part every server (or the local process) runs, and the client's part. */
public record Plan(ServerPlan server, ClientPlan client) {
}
