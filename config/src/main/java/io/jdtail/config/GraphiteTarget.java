package io.jdtail.config;

import java.util.Objects;

/** A Graphite plaintext-protocol endpoint, written {@code "host:port"} (port 2003 if omitted). */
public record GraphiteTarget(String host, int port) {

    public static final int DEFAULT_PORT = 2003;

    public GraphiteTarget {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty Graphite host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Graphite port out of range: " + port);
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6addr]} or {@code [v6addr]:port}.
     *
     * @throws IllegalArgumentException with a short reason when the text is not such an address
     */
    public static GraphiteTarget parse(String text) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected text after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("more than one ':' (write an IPv6 address as [addr]:port)");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host");
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("port is not a number");
            }
            p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range 1-65535");
            }
        }
        return new GraphiteTarget(host, p);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
