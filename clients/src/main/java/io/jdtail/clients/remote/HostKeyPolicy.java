package io.jdtail.clients.remote;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Host keys against {@code known_hosts}. The verifier runs on an SSH I/O thread, so it never asks
 * anything: an unknown host is refused and remembered, the client asks once about all of them
 * after the first round of connections and reconnects the accepted ones (whose keys are then
 * appended to known_hosts). A host whose key changed is refused and remembered for a loud message.
 */
public final class HostKeyPolicy {

    /** An unknown host's key, as the user is asked about it. */
    public record UnknownHost(String server, PublicKey key) {
        public String fingerprint() {
            return KeyUtils.getFingerPrint(key);
        }
    }

    private final boolean trustAll;
    private final Map<String, UnknownHost> unknown = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedFingerprints = ConcurrentHashMap.newKeySet();
    private final KnownHostsServerKeyVerifier verifier;

    public HostKeyPolicy(Path knownHosts, boolean trustAll) {
        this.trustAll = trustAll;
        ServerKeyVerifier decideUnknown = (session, remote, key) -> {
            if (this.trustAll || acceptedFingerprints.contains(KeyUtils.getFingerPrint(key))) {
                return true;
            }
            unknown.put(name(session, remote), new UnknownHost(name(session, remote), key));
            return false;
        };
        this.verifier = new KnownHostsServerKeyVerifier(decideUnknown, knownHosts) {
            /*
             * MINA decides between appending and creating the file (truncating it) before it takes its update
             * lock: two hosts recorded at the same moment into a missing or empty known_hosts would keep only
             * one entry. The whole update under the lock lets the second see the first's line and append.
             */
            @Override
            protected KnownHostEntry updateKnownHostsFile(ClientSession session, SocketAddress remote, PublicKey key,
                                                          Path file, Collection<HostEntryPair> current) throws Exception {
                synchronized (updateLock) {
                    return super.updateKnownHostsFile(session, remote, key, file, current);
                }
            }
        };
        this.verifier.setModifiedServerKeyAcceptor((session, remote, entry, expected, actual) -> {
            changed.add(name(session, remote));
            return false;
        });
    }

    private static String name(ClientSession session, SocketAddress remote) {
        SocketAddress connect = session.getConnectAddress();
        SocketAddress a = connect != null ? connect : remote;
        if (a instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(a);
    }

    public ServerKeyVerifier verifier() {
        return verifier;
    }

    /** Hosts refused in this round because their key is not in known_hosts. */
    public Map<String, UnknownHost> unknownHosts() {
        return Map.copyOf(unknown);
    }

    public boolean keyChanged(ServerAddress server) {
        return changed.contains(server.host() + ":" + server.port());
    }

    public boolean wasUnknown(ServerAddress server) {
        return unknown.containsKey(server.host() + ":" + server.port());
    }

    /** The user accepted these keys: reconnections with them succeed and append them to known_hosts. */
    public void accept(Iterable<UnknownHost> hosts) {
        for (UnknownHost h : hosts) {
            acceptedFingerprints.add(h.fingerprint());
            unknown.remove(h.server());
        }
    }

    public void forgetUnknown() {
        unknown.clear();
    }
}
