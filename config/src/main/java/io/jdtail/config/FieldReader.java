package io.jdtail.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Reads typed fields out of JSON objects and collects, instead of throwing, what is wrong with them: each
 * error is one message {@code JSON.path: expected ..., got <value>}, each unknown key a {@link ConfigWarning},
 * so that one run over a file reports all its problems. A field that is absent or JSON {@code null} gets its
 * default; a field that is wrong gets it too, after its error is noted. Not thread-safe (one per file).
 */
final class FieldReader {

    private final List<String> errors = new ArrayList<>();
    private final List<ConfigWarning> warnings = new ArrayList<>();

    /** The errors so far, in file order. */
    List<String> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** The warnings so far, in file order. */
    List<ConfigWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** How many errors there are; compare before and after reading a part to see whether it was good. */
    int errorCount() {
        return errors.size();
    }

    void error(String path, String message) {
        errors.add(path.isEmpty() ? message : path + ": " + message);
    }

    void warn(String path, String message) {
        warnings.add(new ConfigWarning(path, message));
    }

    /** Warns about every key of {@code o} that is not {@code known}; DTail keys jdtail ignores get their own words. */
    void checkKeys(ObjectNode o, String path, Set<String> known, Set<String> dtailUnused) {
        for (var it = o.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String p = join(path, key);
            if (dtailUnused.contains(key)) {
                warn(p, "DTail setting not used by jdtail, ignored");
            } else if (!known.contains(key)) {
                warn(p, "unknown key, ignored" + suggestion(key, known));
            }
        }
    }

    private static String suggestion(String key, Set<String> known) {
        for (String k : known) {
            if (k.equalsIgnoreCase(key)) {
                return " (did you mean \"" + k + "\"? keys are case-sensitive)";
            }
        }
        return "";
    }

    /** The field as an object; absent or null = empty; anything else = error and empty. */
    ObjectNode object(ObjectNode parent, String path, String key) {
        JsonNode n = parent.get(key);
        if (!isPresent(n)) {
            return ConfigJson.NODES.objectNode();
        }
        if (!n.isObject()) {
            error(join(path, key), "expected an object, got " + show(n));
            return ConfigJson.NODES.objectNode();
        }
        return (ObjectNode) n;
    }

    /** An array element or other value that must be an object; empty (after an error) when it is not. */
    Optional<ObjectNode> object(JsonNode n, String path) {
        if (!n.isObject()) {
            error(path, "expected an object, got " + show(n));
            return Optional.empty();
        }
        return Optional.of((ObjectNode) n);
    }

    /**
     * The field as an array read element by element ({@code element} gets each value and its path
     * {@code path.key[i]}, and answers empty for an element it rejected); absent or null = empty list.
     */
    <T> List<T> array(ObjectNode o, String path, String key, BiFunction<JsonNode, String, Optional<T>> element) {
        List<T> out = new ArrayList<>();
        typed(o, path, key, JsonNode::isArray, "an array").ifPresent(n -> {
            String p = join(path, key);
            for (int i = 0; i < n.size(); i++) {
                element.apply(n.get(i), p + "[" + i + "]").ifPresent(out::add);
            }
        });
        return out;
    }

    /**
     * The value of {@code key} when it is there (neither absent nor null) and of the JSON type {@code isType}
     * accepts; empty when it is not there, and also, after an error {@code expected WHAT, got VALUE}, when it is of
     * another type.
     */
    private Optional<JsonNode> typed(ObjectNode o, String path, String key, Predicate<JsonNode> isType, String what) {
        JsonNode n = o.get(key);
        if (!isPresent(n)) {
            return Optional.empty();
        }
        if (!isType.test(n)) {
            error(join(path, key), "expected " + what + ", got " + show(n));
            return Optional.empty();
        }
        return Optional.of(n);
    }

    /** An integer in {@code [min, max]}; {@code expected} says that range in words for the error. */
    int intIn(ObjectNode o, String path, String key, int dflt, int min, int max, String expected) {
        Optional<JsonNode> n = typed(o, path, key, JsonNode::isIntegralNumber, "an integer");
        if (n.isEmpty()) {
            return dflt;
        }
        JsonNode v = n.get();
        if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            error(join(path, key), "expected " + expected + ", got " + show(v));
            return dflt;
        }
        return v.intValue();
    }

    boolean bool(ObjectNode o, String path, String key, boolean dflt) {
        return typed(o, path, key, JsonNode::isBoolean, "true or false").map(JsonNode::booleanValue).orElse(dflt);
    }

    String nonEmptyString(ObjectNode o, String path, String key, String dflt) {
        return optionalString(o, path, key).orElse(dflt);
    }

    /** A non-blank string that must be there; null (after an error) when it is not. */
    String requiredString(ObjectNode o, String path, String key) {
        if (!isPresent(o.get(key))) {
            error(join(path, key), "required");
            return null;
        }
        return optionalString(o, path, key).orElse(null);
    }

    /** A present value must be a non-blank string. */
    Optional<String> optionalString(ObjectNode o, String path, String key) {
        Optional<String> text = typed(o, path, key, JsonNode::isTextual, "a string").map(JsonNode::textValue);
        if (text.isPresent() && text.get().isBlank()) {
            error(join(path, key), "must not be empty");
            return Optional.empty();
        }
        return text;
    }

    /** As {@link #optionalList}, and it must be there and hold at least one string. */
    List<String> requiredList(ObjectNode o, String path, String key) {
        String p = join(path, key);
        if (!isPresent(o.get(key))) {
            error(p, "required");
            return List.of();
        }
        List<String> l = optionalList(o, path, key);
        if (l.isEmpty() && errorsDoNotMention(p)) {
            error(p, "must not be empty");
        }
        return l;
    }

    private boolean errorsDoNotMention(String p) {
        return errors.stream().noneMatch(e -> e.startsWith(p + ":"));
    }

    /** A comma-separated string (DTail) or an array of strings. */
    List<String> optionalList(ObjectNode o, String path, String key) {
        JsonNode n = o.get(key);
        if (!isPresent(n)) {
            return List.of();
        }
        String p = join(path, key);
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            for (String part : n.textValue().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
            return out;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                JsonNode e = n.get(i);
                if (!e.isTextual() || e.textValue().isBlank()) {
                    error(p + "[" + i + "]", "expected a non-empty string, got " + show(e));
                } else {
                    out.add(e.textValue());
                }
            }
            return out;
        }
        error(p, "expected a string or an array of strings, got " + show(n));
        return out;
    }

    static boolean isPresent(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    /** A JSON value as compact JSON text, cut at 60 characters. */
    static String show(JsonNode n) {
        String s = n == null ? "nothing" : n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Deep immutable copy of a JSON tree as maps, lists and scalars; nulls are left out. */
    static Object freeze(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.properties().forEach(e -> {
                Object v = freeze(e.getValue());
                if (v != null) {
                    m.put(e.getKey(), v);
                }
            });
            return Collections.unmodifiableMap(m);
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> {
                Object v = freeze(e);
                if (v != null) {
                    l.add(v);
                }
            });
            return Collections.unmodifiableList(l);
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        return null;
    }
}
