package io.jdtail.remote;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The largest SSH channel packet the clients accept, which they advertise when they open a channel (RFC 4254, "maximum
 * packet size"): a server sends no packet larger. MINA's default is 32 KB, and every packet costs both ends a call
 * into AES-GCM, MINA's decoding and a hand-over between threads; a remote dcat of 600 MB was 19,000 of them.
 *
 * <p>256 KiB less room for the packet's own fields: MINA's decoder (dserver's, the clients') refuses a packet longer
 * than 256 KiB, as OpenSSH does (RFC 4253 asks for 35,000 bytes at least), and a packet's length counts its header
 * and padding besides the data. With 64 bytes of room the whole packet on the wire (length field, up to 31 bytes of
 * padding, the 16-byte GCM tag) is at most 256 KiB, the largest buffer dserver's NIO keeps for its socket writes
 * ({@code jdk.nio.maxCachedBufferSize} in bin/dserver). The size is advertised per channel, so a dserver of any
 * version honours it, and a dserver still sends an older client's 32 KB packets.
 * Public for the tests' own SSH clients, which speak to dserver as the clients do.
 */
public final class ClientPackets {

    /** The largest channel data a packet may carry, advertised for every channel the client opens. */
    public static final long MAX_PACKET_BYTES = 256 * 1024 - 64;

    private ClientPackets() {
    }

    public static void apply(SshClient client) {
        CoreModuleProperties.MAX_PACKET_SIZE.set(client, MAX_PACKET_BYTES);
    }
}
