package io.jdtail.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
             * Written here rather than by MINA, which decides between appending and creating the file (truncating
             * it) before it takes its update lock, so that two hosts recorded at the same moment into a missing
             * or empty known_hosts kept only one entry, and which wrote a blank line with every entry. Each entry
             * is appended whole, under the lock, as one line.
             */
            @Override
            protected KnownHostEntry updateKnownHostsFile(ClientSession session, SocketAddress remote, PublicKey key,
                                                          Path file, Collection<HostEntryPair> current) throws Exception {
                KnownHostEntry entry = prepareKnownHostEntry(session, remote, key);
                if (entry == null) {
                    return null;
                }
                synchronized (updateLock) {
                    appendLine(file, entry.getConfigLine());
                }
                resetReloadAttributes();
                return entry;
            }
        };
        this.verifier.setModifiedServerKeyAcceptor((session, remote, entry, expected, actual) -> {
            changed.add(name(session, remote));
            return false;
        });
    }

    /**
     * Appends {@code line} and a line end, after a line end of its own if the file's last line has none. A missing
     * file is created, and a missing directory with it, readable by its owner only (as OpenSSH makes {@code ~/.ssh}).
     */
    static void appendLine(Path file, String line) throws IOException {
        boolean endsOpen = false;
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                ByteBuffer last = ByteBuffer.allocate(1);
                endsOpen = size > 0 && channel.read(last, size - 1) == 1 && last.get(0) != '\n';
            }
        } else if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String text = (endsOpen ? "\n" : "") + line + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
