package io.jdtail.sink.graphite;

import io.jdtail.engine.wire.HostPort;
import java.io.IOException;

/**
 * Where Graphite (carbon) listens: {@code host}, {@code host:port}, {@code [v6addr]} or
 * {@code [v6addr]:port}; a bare IPv6 address without brackets ({@code ::1}) is taken as a host.
 * The port defaults to {@value #DEFAULT_PORT}, carbon's plaintext line receiver.
 */
public record GraphiteTarget(String host, int port) {

    public static final int DEFAULT_PORT = 2003;

    /** Parses {@code target} by the one host:port rule ({@link HostPort}). */
    public static GraphiteTarget parse(String target) throws IOException {
        try {
            HostPort parsed = HostPort.parse(target, DEFAULT_PORT);
            return new GraphiteTarget(parsed.host(), parsed.port());
        } catch (IllegalArgumentException e) {
            throw new IOException("graphite target: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
