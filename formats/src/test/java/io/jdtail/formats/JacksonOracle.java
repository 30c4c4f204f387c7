package io.jdtail.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Jackson's tree, the oracle for what the {@code json} format reads from a line (test scope only). */
final class JacksonOracle {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    /** Numbers as doubles: whether a line is JSON must not depend on BigDecimal's exponent limits. */
    private static final ObjectMapper SYNTAX = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

    private JacksonOracle() {
    }

    /** The line's tree; throws when it is not exactly one JSON value (numbers kept exact). */
    static JsonNode strictTree(String line) throws JsonProcessingException {
        try {
            JsonNode n = STRICT.readTree(line.getBytes(StandardCharsets.UTF_8));
            if (n == null || n.isMissingNode()) {
                throw new JsonProcessingException("no JSON value: " + line) { };
            }
            return n;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the line is exactly one JSON object (whitespace around it allowed). */
    static boolean isOneObject(String line) {
        try {
            JsonNode n = SYNTAX.readTree(line.getBytes(StandardCharsets.UTF_8));
            return n != null && n.isObject();
        } catch (JsonProcessingException e) {
            return false;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node a dotted path names (object keys, array indexes), or null when it is missing or JSON null. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String segment : path.split("\\.", -1)) {
            if (n.isObject()) {
                n = n.get(segment);
            } else if (n.isArray() && INDEX.matcher(segment).matches()) {
                n = n.get(Integer.parseInt(segment));
            } else {
                return null;
            }
            if (n == null) {
                return null;
            }
        }
        return n.isNull() ? null : n;
    }
}
