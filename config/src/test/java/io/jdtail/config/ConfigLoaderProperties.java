package io.jdtail.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Whatever a file holds, loading ends in a configuration or a ConfigException with messages, nothing else. */
class ConfigLoaderProperties {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final List<String> KEYS = new ArrayList<>();

    static {
        KEYS.addAll(ConfigKeys.TOP);
        KEYS.addAll(CommonSection.KEYS);
        KEYS.addAll(ServerSection.KEYS);
        KEYS.addAll(JobSections.SCHEDULE);
        KEYS.addAll(JobSections.CONTINUOUS);
        KEYS.addAll(PermissionsSection.KEYS);
        KEYS.addAll(List.of("alice", "Other", "Logger", "TermColors", "TermColorsEnable"));
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        return node(4).map(n -> {
            if (n.isObject()) {
                return n;
            }
            ObjectNode o = F.objectNode();
            o.set("Server", n);
            return o;
        });
    }

    static Arbitrary<JsonNode> node(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 70000).map(i -> (JsonNode) F.numberNode(i)),
                Arbitraries.of("", "x", "0.0.0.0", "^/var/log/", "readfiles:(", "!readfiles:^/", "g:2003",
                        "a:b:c", "info", "[::1]:1").map(s -> (JsonNode) F.textNode(s)),
                Arbitraries.of(true, false).map(b -> (JsonNode) F.booleanNode(b)),
                Arbitraries.just(F.nullNode()),
                Arbitraries.doubles().between(-1, 30).map(d -> (JsonNode) F.numberNode(d)));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.of(KEYS), node(depth - 1)).ofMaxSize(5).map(m -> {
            ObjectNode o = F.objectNode();
            m.forEach(o::set);
            return o;
        });
        Arbitrary<JsonNode> array = node(depth - 1).list().ofMaxSize(3).map(l -> {
            ArrayNode a = F.arrayNode();
            l.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(4, object), net.jqwik.api.Tuple.of(2, array));
    }

    @Property(tries = 400)
    void loadingNeverFailsOtherwise(@ForAll("documents") JsonNode doc) throws Exception {
        String text = new ObjectMapper().writeValueAsString(doc);
        try {
            LoadedConfig l = ConfigLoader.parse(text, "fuzz.json");
            assertFalse(l.config() == null);
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty());
            for (String p : e.problems()) {
                assertFalse(p.isBlank());
            }
        }
    }
}
