package io.jdtail.engine.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A host and port as users write them, one rule for every place that takes one (servers to connect to,
 * a Graphite target): {@code host}, {@code host:port}, {@code [v6addr]}, {@code [v6addr]:port}; a bare
 * IPv6 address without brackets ({@code ::1}, {@code fe80::1}) is a host with the default port, since
 * its last group cannot be told from a port. Surrounding blanks are ignored.
 *
 * @param host a name or address, IPv6 without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("no host given (expected host[:port])");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of " + host + " is not between 1 and 65535");
        }
    }

    /**
     * Parses {@code text}; without a port, {@code defaultPort}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text, quoted
     */
    public static HostPort parse(String text, int defaultPort) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("no host given (expected host[:port])");
        }
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw bad(text, "missing ']' after the IPv6 address");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text, "expected ':port' after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int first = t.indexOf(':');
            if (first >= 0 && first == t.lastIndexOf(':')) {
                host = t.substring(0, first);
                port = t.substring(first + 1);
            } else if (first < 0 || isIpv6Literal(t)) {
                host = t;
            } else {
                throw bad(text, "more than one ':' (write an IPv6 address as [addr]:port)");
            }
        }
        if (host.isBlank()) {
            throw bad(text, "no host (expected host[:port])");
        }
        return new HostPort(host, port == null ? defaultPort : port(text, port));
    }

    private static int port(String text, String port) {
        if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        }
        throw bad(text, "port '" + port + "' is not a number from 1 to 65535");
    }

    /** Whether {@code text} is an IPv6 address as written (never a name lookup). */
    private static boolean isIpv6Literal(String text) {
        try {
            return InetAddress.ofLiteral(text) instanceof Inet6Address;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "': " + why);
    }

    /** {@code host:port}, with brackets around an IPv6 address: parses back to the same. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
