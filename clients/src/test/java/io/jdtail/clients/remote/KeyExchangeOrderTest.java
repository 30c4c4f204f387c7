package io.jdtail.clients.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.junit.jupiter.api.Test;

class KeyExchangeOrderTest {

    @Test
    void mlkemHybridFirstThenCurve25519AndNothingLost() {
        List<KeyExchangeFactory> defaults = SshClient.setUpDefaultClient().getKeyExchangeFactories();
        List<KeyExchangeFactory> ordered = KeyExchangeOrder.preferred(defaults);

        assertEquals(List.of("mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org",
                "sntrup761x25519-sha512"), ordered.subList(0, 4).stream().map(KeyExchangeFactory::getName).toList());
        assertEquals(defaults.size(), ordered.size());
        assertEquals(defaults.stream().map(KeyExchangeFactory::getName).sorted().toList(),
                ordered.stream().map(KeyExchangeFactory::getName).sorted().toList());
    }
}
