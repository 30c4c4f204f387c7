package io.jdtail.server.ssh;

/**
 * Limits of connections that have not authenticated yet; they do not count against {@code MaxConnections}.
 *
 * @param total      unauthenticated connections at once, from everywhere (default 128)
 * @param perAddress unauthenticated connections at once from one source address (default 32)
 */
public record PreAuthLimits(int total, int perAddress) {

    public static final PreAuthLimits DEFAULTS = new PreAuthLimits(128, 32);

    public PreAuthLimits {
        if (total < 1 || perAddress < 1 || perAddress > total) {
            throw new IllegalArgumentException("pre-authentication limits must be >= 1 and perAddress <= total: "
                    + total + ", " + perAddress);
        }
    }
}
