package io.jdtail.remote;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;

/**
 * The client's algorithm preferences; the client's order decides what a session negotiates.
 * <ul>
 *   <li>Key exchange: MINA offers sntrup761x25519 first; its key generation costs about 80 ms of
 *       CPU per session in Java, which dominates opening a thousand sessions. mlkem768x25519 is
 *       just as post-quantum (the ML-KEM hybrid with X25519, OpenSSH 10's default) and costs
 *       little more than curve25519, so it goes first.</li>
 *   <li>Ciphers: MINA offers chacha20-poly1305 first, computed in plain Java; AES-GCM runs on
 *       the JDK's AES-NI/CLMUL intrinsics, several times faster, which is what a bulk dcat needs.</li>
 * </ul>
 * Everything else stays in the list, so older servers still negotiate what they can. Public for the tests' own
 * SSH clients, which speak to dserver as dtail's clients do (and would otherwise spend most of their CPU time in
 * sntrup761's key generation).
 */
public final class ClientAlgorithms {

    static final List<String> KEY_EXCHANGE = List.of(
            "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org", "sntrup761x25519-sha512");
    static final List<String> CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com");

    private ClientAlgorithms() {
    }

    public static void apply(SshClient client) {
        client.setKeyExchangeFactories(preferred(client.getKeyExchangeFactories(), KEY_EXCHANGE));
        client.setCipherFactories(preferred(client.getCipherFactories(), CIPHERS));
    }

    /** {@code available} with the {@code first} ones first, in that order, and the rest as they were. */
    static <T extends NamedResource> List<T> preferred(List<T> available, List<String> first) {
        List<T> ordered = new ArrayList<>();
        for (String name : first) {
            available.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(ordered::add);
        }
        available.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        return ordered;
    }
}
