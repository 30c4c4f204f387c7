package io.jdtail.engine.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveriesTest {

    @Test
    void theBuiltInListAnswersToDtailsNamesInAnyCase() throws IOException {
        for (String name : List.of("list", "file", "comma", "COMMA", "File")) {
            ServerDiscovery d = Discoveries.byName(name);
            assertInstanceOf(ListDiscovery.class, d, name);
            assertEquals(List.of("a:1", "b"), d.discover("a:1, b"), name);
        }
    }

    @Test
    void anUnknownNameIsAnErrorNamingTheKnownOnes() {
        IOException e = assertThrows(IOException.class, () -> Discoveries.byName("consul-nope"));
        assertTrue(e.getMessage().contains("consul-nope") && e.getMessage().contains("list"), e.getMessage());
    }
}
