package io.jdtail.remote;

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

    public static ServerAddress parse(String text, int defaultPort) {
        String s = text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']' after an IPv6 address");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            return new ServerAddress(host, rest.startsWith(":") ? port(rest.substring(1), text) : defaultPort);
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.indexOf(':') == colon) {
            return new ServerAddress(s.substring(0, colon), port(s.substring(colon + 1), text));
        }
        return new ServerAddress(s, defaultPort);
    }

    private static int port(String p, String text) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + p + "' is not a port number");
        }
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
