package io.jdtail.sink.graphite;

import java.io.IOException;

/**
 * Where Graphite (carbon) listens: {@code host}, {@code host:port}, {@code [v6addr]} or
 * {@code [v6addr]:port}; a bare IPv6 address without brackets ({@code ::1}) is taken as a host.
 * The port defaults to {@value #DEFAULT_PORT}, carbon's plaintext line receiver.
 */
public record GraphiteTarget(String host, int port) {

    public static final int DEFAULT_PORT = 2003;

    public static GraphiteTarget parse(String target) throws IOException {
        if (target == null || target.isBlank()) {
            throw new IOException("graphite: no target given (expected host:port)");
        }
        String t = target.strip();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IOException("graphite target \"" + target + "\": missing ']' after the IPv6 address");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IOException("graphite target \"" + target + "\": expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int first = t.indexOf(':');
            if (first >= 0 && first == t.lastIndexOf(':')) {
                host = t.substring(0, first);
                port = t.substring(first + 1);
            } else {
                host = t; // no colon, or several: a bare IPv6 address
            }
        }
        if (host.isEmpty()) {
            throw new IOException("graphite target \"" + target + "\": no host (expected host:port)");
        }
        return new GraphiteTarget(host, port == null ? DEFAULT_PORT : parsePort(target, port));
    }

    private static int parsePort(String target, String port) throws IOException {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IOException("graphite target \"" + target + "\": port \"" + port + "\" is not a number from 1 to 65535");
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
