package io.jdtail.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.ssh.security.SshSecurity;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;
import org.junit.jupiter.api.Test;

class ClientAlgorithmsTest {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    @Test
    void mlkemHybridKeyExchangeAndAesGcmFirstAndNothingLost() {
        SshClient defaults = SshClient.setUpDefaultClient();
        SshClient tuned = SshClient.setUpDefaultClient();
        ClientAlgorithms.apply(tuned);

        assertEquals(ClientAlgorithms.KEY_EXCHANGE, names(tuned.getKeyExchangeFactories()).subList(0, 4));
        assertEquals(ClientAlgorithms.CIPHERS, names(tuned.getCipherFactories()).subList(0, 3));
        assertEquals(names(defaults.getKeyExchangeFactories()).stream().sorted().toList(),
                names(tuned.getKeyExchangeFactories()).stream().sorted().toList());
        assertEquals(names(defaults.getCipherFactories()).stream().sorted().toList(),
                names(tuned.getCipherFactories()).stream().sorted().toList());
    }

    private static List<String> names(List<? extends NamedResource> factories) {
        return factories.stream().map(NamedResource::getName).toList();
    }
}
