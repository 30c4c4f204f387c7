package io.jdtail.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/** Reads the {@code Client} section: settings of the command-line clients. */
final class ClientSection {

    static final Set<String> KEYS = ConfigKeys.ordered("TermColorsEnable");
    /** DTail's colour table; kept as data (see {@link ClientConfig#termColors()}) but not used. */
    static final Set<String> DTAIL_UNUSED = ConfigKeys.ordered("TermColors");

    private ClientSection() {
    }

    static ClientConfig read(ObjectNode o, FieldReader f) {
        f.checkKeys(o, "Client", KEYS, DTAIL_UNUSED);
        boolean colors = f.bool(o, "Client", "TermColorsEnable", true);
        Map<String, Object> termColors = Map.of();
        JsonNode tc = o.get("TermColors");
        if (FieldReader.isPresent(tc)) {
            if (!tc.isObject()) {
                f.error("Client.TermColors", "expected an object, got " + FieldReader.show(tc));
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) FieldReader.freeze(tc);
                termColors = m;
            }
        }
        return new ClientConfig(colors, termColors);
    }
}
