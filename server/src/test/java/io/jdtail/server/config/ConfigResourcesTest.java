package io.jdtail.server.config;

import io.jdtail.config.ConfigLoader;
import io.jdtail.config.LoadedConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dtail.example.json and dtail.schema.json stay in sync with the loader. */
class ConfigResourcesTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/" + name)) {
            assertNotNull(in, name + " missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void exampleParsesWithoutWarningsAndUsesEveryKey() throws Exception {
        String text = resource("dtail.example.json");
        LoadedConfig l = ConfigLoader.parse(text, "dtail.example.json");
        assertTrue(l.warnings().isEmpty(), l.warnings()::toString);
        Set<String> used = new TreeSet<>();
        collectKeys(new ObjectMapper().readTree(text), "", used);
        Set<String> missing = new TreeSet<>(ConfigLoader.usedKeys());
        missing.removeAll(used);
        assertEquals(Set.of(), missing, "keys the example does not show");
        assertEquals(2, l.config().server().permissions().users().size());
        assertTrue(l.config().server().schedule().getFirst().enable());
    }

    @Test
    void schemaIsValidJsonAndNamesExactlyTheKeysTheLoaderKnows() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(resource("dtail.schema.json"));
        assertTrue(schema.get("$schema").asText().startsWith("https://json-schema.org/"));
        Set<String> named = new TreeSet<>();
        collectSchemaKeys(schema, schema, "", named);
        assertEquals(new TreeSet<>(ConfigLoader.knownKeys()), named);
    }

    /** Key paths in a config document (per-user permission keys skipped). */
    private static void collectKeys(JsonNode n, String path, Set<String> out) {
        if (n.isObject()) {
            if (path.equals("Server.Permissions") || path.equals("Client.TermColors")) {
                n.fieldNames().forEachRemaining(k -> {
                    if (k.equals("Default") || k.equals("Users")) {
                        out.add(path + "." + k);
                    }
                });
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.add(p);
                collectKeys(e.getValue(), p, out);
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isObject()) {
                    collectKeys(e, path + "[]", out);
                }
            }
        }
    }

    /** Key paths a JSON schema names through "properties" (following $ref and array "items"). */
    private static void collectSchemaKeys(JsonNode root, JsonNode s, String path, Set<String> out) {
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            assertTrue(ref.startsWith("#/$defs/"), ref);
            s = root.get("$defs").get(ref.substring("#/$defs/".length()));
            assertNotNull(s, ref);
        }
        if (s.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = s.get("properties").fields(); it.hasNext(); ) {
                var e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.add(p);
                collectSchemaKeys(root, e.getValue(), p, out);
            }
        }
        if (s.has("items") && s.get("items").isObject()) {
            collectSchemaKeys(root, s.get("items"), path + "[]", out);
        }
    }
}
