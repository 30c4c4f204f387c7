package io.jdtail.server.ssh;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a connecting address is one of a configured list of hosts or IP addresses (a job's {@code AllowFrom},
 * {@code Server.RelayAllowFrom}): an entry that is an IP address (IPv6 also in brackets) must equal it, an entry
 * that is a host name must resolve (here, forward lookup) to it. An empty list admits nobody.
 */
public final class PeerAddresses {

    /** Resolves a host name to its addresses (forward lookup). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> Arrays.asList(InetAddress.getAllByName(host));
    }

    private final Resolver resolver;

    public PeerAddresses(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Whether {@code entries} admit {@code client}; what each entry that did not stood for is added to {@code seen}
     * for the refusal message.
     */
    public boolean admit(List<String> entries, InetAddress client, List<String> seen) {
        for (String entry : entries) {
            String e = entry.strip();
            if (e.startsWith("[") && e.endsWith("]")) {
                e = e.substring(1, e.length() - 1);
            }
            Optional<InetAddress> literal = literal(e);
            if (literal.isPresent()) {
                if (literal.get().equals(client)) {
                    return true;
                }
                seen.add(e);
                continue;
            }
            try {
                List<InetAddress> addresses = resolver.resolve(e);
                if (addresses.contains(client)) {
                    return true;
                }
                seen.add(e + " = " + addresses.stream().map(InetAddress::getHostAddress).toList());
            } catch (UnknownHostException | RuntimeException ex) {
                seen.add(e + " (does not resolve)");
            }
        }
        return false;
    }

    private static Optional<InetAddress> literal(String s) {
        try {
            return Optional.of(InetAddress.ofLiteral(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
