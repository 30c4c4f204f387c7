package io.jdtail.clients.remote;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * The client's key-exchange preference. MINA offers sntrup761x25519 first; its key generation costs
 * about 80 ms of CPU per session in Java, which dominates opening a thousand sessions.
 * mlkem768x25519 is just as post-quantum (ML-KEM hybrid with X25519, OpenSSH 10's default) and
 * costs about as little as plain curve25519, so it goes first; older servers still negotiate
 * curve25519 or sntrup761, which stay in the list.
 */
final class KeyExchangeOrder {

    static final List<String> PREFERRED = List.of(
            "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org", "sntrup761x25519-sha512");

    private KeyExchangeOrder() {
    }

    /** {@code available} with the {@link #PREFERRED} ones first, in that order, and the rest as they were. */
    static List<KeyExchangeFactory> preferred(List<KeyExchangeFactory> available) {
        List<KeyExchangeFactory> ordered = new ArrayList<>();
        for (String name : PREFERRED) {
            available.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(ordered::add);
        }
        available.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        return ordered;
    }
}
