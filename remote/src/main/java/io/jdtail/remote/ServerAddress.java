package io.jdtail.remote;

import io.jdtail.engine.wire.HostPort;
import java.util.LinkedHashSet;
import java.util.List;

/** One server to connect to: {@code host[:port]} ({@code [v6]:port} for IPv6 addresses). */
public record ServerAddress(String host, int port) {

    public ServerAddress {
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty server name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of " + host + " is not between 1 and 65535");
        }
    }

    /** {@code host:port} as users write it; the name clients show in REMOTE lines is {@link #host()}. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Written out, where a record's would be made at run time: the generated equals and hashCode are built by
     * {@code ObjectMethods}' bootstrap on first use, which spins six method-handle classes that the start-up cache
     * cannot hold, on every remote command's main thread before it connects (parseAll hashes every server).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ServerAddress other && port == other.port && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return 31 * host.hashCode() + port;
    }

    /** The same server as the wire names it. */
    public HostPort hostPort() {
        return new HostPort(host, port);
    }

    public static ServerAddress of(HostPort server) {
        return new ServerAddress(server.host(), server.port());
    }

    /** Parses {@code text} by the one host:port rule ({@link HostPort}). */
    public static ServerAddress parse(String text, int defaultPort) {
        HostPort parsed = HostPort.parse(text, defaultPort);
        return new ServerAddress(parsed.host(), parsed.port());
    }

    /** Parses discovered {@code host[:port]} entries, dropping duplicates. */
    public static List<ServerAddress> parseAll(List<String> entries, int defaultPort) {
        LinkedHashSet<ServerAddress> unique = new LinkedHashSet<>();
        for (String e : entries) {
            unique.add(parse(e, defaultPort));
        }
        return List.copyOf(unique);
    }
}
