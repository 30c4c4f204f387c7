package io.jdtail.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.wire.Messages;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How {@code --relays} shares the servers out: equal contiguous shares, per level. */
class RelayRoutesTest {

    static List<ServerAddress> named(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new ServerAddress(prefix + i, 2222)).toList();
    }

    static List<String> shareOf(Messages.Downstream relay) {
        return relay.leaves().stream().map(h -> h.host()).toList();
    }

    @Test
    void withoutRelaysEveryServerIsAskedDirectly() {
        assertThat(RelayRoutes.of(List.of(), named("web", 3))).extracting(Messages.Downstream::isRelay)
                .containsExactly(false, false, false);
    }

    @Test
    void eachRelayGetsAnEqualShareInTheOrderNamed() {
        List<Messages.Downstream> routes = RelayRoutes.of(List.of(named("relay", 2)), named("web", 5));

        assertThat(routes).extracting(d -> d.server().host()).containsExactly("relay1", "relay2");
        assertThat(shareOf(routes.get(0))).containsExactly("web1", "web2");
        assertThat(shareOf(routes.get(1))).containsExactly("web3", "web4", "web5");
    }

    @Test
    void aRelayLeftWithoutAShareIsNotAsked() {
        List<Messages.Downstream> routes = RelayRoutes.of(List.of(named("relay", 3)), named("web", 2));

        assertThat(routes).extracting(d -> d.server().host()).containsExactly("relay2", "relay3");
        assertThat(routes).allSatisfy(r -> assertThat(r.relayed()).hasSize(1));
    }

    @Test
    void twoLevelsShareTheSecondsRelaysAmongTheFirstsAndTheServersAmongTheSeconds() {
        List<Messages.Downstream> routes = RelayRoutes.of(List.of(named("top", 2), named("mid", 4)), named("web", 8));

        assertThat(routes).extracting(d -> d.server().host()).containsExactly("top1", "top2");
        assertThat(routes.get(0).relayed()).extracting(d -> d.server().host()).containsExactly("mid1", "mid2");
        assertThat(routes.get(1).relayed().get(1).relayed()).extracting(d -> d.server().host()).containsExactly("web7", "web8");
        assertThat(routes.stream().flatMap(r -> r.leaves().stream()).map(h -> h.host()).toList())
                .isEqualTo(named("web", 8).stream().map(ServerAddress::host).toList());
    }
}
