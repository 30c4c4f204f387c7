package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.render.ClientMessages;
import io.jdtail.engine.wire.Messages;
import io.jdtail.remote.RelayRoutes;
import io.jdtail.remote.RelayFailure;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a run through relays says at its end about the servers that answered and failed. */
class RelayAccountingTest {

    static final List<ServerAddress> RELAYS = List.of(new ServerAddress("relay1", 2222), new ServerAddress("relay2", 2222));
    static final List<ServerAddress> SERVERS = IntStream.rangeClosed(1, 40)
            .mapToObj(i -> new ServerAddress(String.format("web%02d", i), 2222)).toList();

    static String report(Map<ServerAddress, String> failures, Map<ServerAddress, String> relayFailures,
                         ClientMessages.Level least) {
        return report(failures.entrySet().stream().map(e -> new ServerFailure(e.getKey(), e.getValue())).toList(),
                relayFailures, least);
    }

    static String report(List<ServerFailure> failures, Map<ServerAddress, String> relayFailures, ClientMessages.Level least) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClientMessages messages = new ClientMessages(new PrintStream(err, true, StandardCharsets.UTF_8), "laptop", false, least);
        List<Messages.Downstream> targets = RelayRoutes.of(List.of(RELAYS), SERVERS);
        List<RelayFailure> relays = targets.stream().filter(t -> relayFailures.containsKey(ServerAddress.of(t.server())))
                .map(t -> new RelayFailure(t, relayFailures.get(ServerAddress.of(t.server())))).toList();
        new RelayAccounting(targets, SERVERS.size()).report(failures, relays, messages);
        assertThat(messages.hadErrors()).isEqualTo(!failures.isEmpty());
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void allAnsweredIsOneLine() {
        assertThat(report(Map.of(), Map.of(), ClientMessages.Level.INFO)).isEqualTo("CLIENT|laptop|INFO|40 of 40 servers answered\n");
    }

    @Test
    void aFailedRelayIsToldWithItsCountAndTheOtherFailuresByNameUpToTheLimit() {
        Map<ServerAddress, String> failures = new HashMap<>();
        String relayReason = "relay relay1:2222 failed: the connection closed before the server finished";
        SERVERS.subList(0, 20).forEach(s -> failures.put(s, relayReason));
        SERVERS.subList(20, 32).forEach(s -> failures.put(s, "connection refused"));

        String said = report(failures, Map.of(RELAYS.get(0), "the connection closed before the server finished"),
                ClientMessages.Level.INFO);

        assertThat(said.lines().toList()).containsExactly(
                "CLIENT|laptop|ERROR|relay relay1:2222: the connection closed before the server finished; the results of"
                        + " the 20 servers it was serving are missing or incomplete",
                "CLIENT|laptop|ERROR|web21:2222: connection refused",
                "CLIENT|laptop|ERROR|web22:2222: connection refused",
                "CLIENT|laptop|ERROR|web23:2222: connection refused",
                "CLIENT|laptop|ERROR|web24:2222: connection refused",
                "CLIENT|laptop|ERROR|web25:2222: connection refused",
                "CLIENT|laptop|ERROR|web26:2222: connection refused",
                "CLIENT|laptop|ERROR|web27:2222: connection refused",
                "CLIENT|laptop|ERROR|web28:2222: connection refused",
                "CLIENT|laptop|ERROR|web29:2222: connection refused",
                "CLIENT|laptop|ERROR|web30:2222: connection refused",
                "CLIENT|laptop|ERROR|2 more servers failed (--logLevel debug names each)",
                "CLIENT|laptop|ERROR|8 of 40 servers answered");
        // at debug level every server is named
        assertThat(report(failures, Map.of(RELAYS.get(0), "the connection closed before the server finished"),
                ClientMessages.Level.DEBUG))
                .contains("DEBUG|web32:2222: connection refused", "DEBUG|web01:2222: " + relayReason);
    }

    @Test
    void aServerThatFailedInTwoOfItsSessionsCountsTwice() {
        // a server named twice is asked twice; each session that failed is one server less that answered
        List<ServerFailure> failures = List.of(new ServerFailure(SERVERS.get(0), "connection refused"),
                new ServerFailure(SERVERS.get(0), "connection refused"));

        assertThat(report(failures, Map.of(), ClientMessages.Level.INFO).lines().toList()).containsExactly(
                "CLIENT|laptop|ERROR|web01:2222: connection refused",
                "CLIENT|laptop|ERROR|web01:2222: connection refused",
                "CLIENT|laptop|ERROR|38 of 40 servers answered");
    }
}
