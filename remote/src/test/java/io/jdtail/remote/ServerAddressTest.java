package io.jdtail.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A server's identity: the same host and port is one server however it was written, any other difference is another. */
class ServerAddressTest {

    @Test
    void theSameServerWrittenTwoWaysIsListedOnceInTheOrderFirstNamed() {
        assertThat(ServerAddress.parseAll(List.of("web2", "web1:2222", "web2:2222", "web1", "[::1]:2222", "::1"), 2222))
                .containsExactly(new ServerAddress("web2", 2222), new ServerAddress("web1", 2222), new ServerAddress("::1", 2222));
    }

    @Test
    void anotherPortOrHostIsAnotherServer() {
        ServerAddress web = new ServerAddress("web1", 2222);
        assertThat(web).isEqualTo(new ServerAddress("web1", 2222)).hasSameHashCodeAs(new ServerAddress("web1", 2222))
                .isNotEqualTo(new ServerAddress("web1", 2223)).isNotEqualTo(new ServerAddress("web11", 2222))
                .isNotEqualTo(new ServerAddress("web", 12222)).isNotEqualTo(web.hostPort());
        assertThat(ServerAddress.parseAll(List.of("web1:2222", "web1:2223", "web11:2222"), 2222)).hasSize(3);
    }
}
