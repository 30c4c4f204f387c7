package io.jdtail.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Configuration text as a JSON tree: strict JSON plus {@code //} and {@code /* *}{@code /} comments, a key
 * given twice in one object is an error, and a syntax error is one message with its line and column.
 */
final class ConfigJson {

    /**
     * The parser alone: the tree is built here from its tokens, so that reading a configuration does not
     * load Jackson's data binding (an ObjectMapper is some 300 classes, metadata dserver would keep for good).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigJson() {
    }

    /**
     * The document's value.
     *
     * @param source a name for messages, e.g. the file name
     * @throws ConfigException the text is not JSON, or holds no value at all
     */
    static JsonNode read(String json, String source) throws ConfigException {
        JsonNode root;
        try {
            root = readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            if (nl >= 0) {
                msg = msg.substring(0, nl);
            }
            throw new ConfigException(source, List.of("invalid JSON" + where + ": " + msg));
        } catch (IOException e) {
            throw new UncheckedIOException("reading text cannot fail but for its content", e);
        }
        if (root == null) {
            throw new ConfigException(source, List.of("empty file, expected a JSON object"));
        }
        return root;
    }

    /** The document's value as a tree; null when there is none (empty, or only comments). */
    private static JsonNode readTree(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            return first == null ? null : value(p, first);
        }
    }

    /** The value that starts with {@code token}, the numbers typed as data binding would type them. */
    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(value(p, t));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected " + token);
        };
    }
}
