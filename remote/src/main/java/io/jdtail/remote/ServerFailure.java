package io.jdtail.remote;

/**
 * One session that failed for good: the server it was to ask, and why. A server named twice is asked twice, so it can
 * fail twice (or once, while its other session answered): failures are counted per session, not per address.
 */
public record ServerFailure(ServerAddress server, String reason) {
}
