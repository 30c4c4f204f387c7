package io.jdtail.clients.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the problems servers report are shown: a wait that ends by itself is a warning, anything else an error. */
class ClientMessagesTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ClientMessages messages = new ClientMessages(new PrintStream(err, true, StandardCharsets.UTF_8), "here", false,
            ClientMessages.Level.INFO);

    /** dserver's notice to a follow when it stops (dtail reconnects): the follow goes on, so it is no failure. */
    @Test
    void aRestartingDserverIsAWarningAndNoError() {
        messages.problem("127.0.0.1:2222: dserver is restarting (or stopping); dtail reconnects until it is back");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("CLIENT|here|WARN|127.0.0.1:2222: dserver is restarting (or stopping); dtail reconnects until it is back\n");
        assertThat(messages.hadErrors()).isFalse();
    }

    @Test
    void anyOtherProblemIsAnError() {
        messages.problem("127.0.0.1:2222: /var/log/app.log: permission denied");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("CLIENT|here|ERROR|127.0.0.1:2222: /var/log/app.log: permission denied\n");
        assertThat(messages.hadErrors()).isTrue();
    }
}
