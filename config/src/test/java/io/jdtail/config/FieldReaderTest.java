package io.jdtail.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each typed field: its value, its default, and the exact message naming the path and what was expected. */
class FieldReaderTest {

    private final FieldReader f = new FieldReader();

    private static ObjectNode object(String json) throws ConfigException {
        return (ObjectNode) ConfigJson.read(json.replace('\'', '"'), "test.json");
    }

    @Test
    void integersInRange() throws Exception {
        ObjectNode o = object("{'a': 5, 'b': 'x', 'c': 9, 'd': 1.5, 'e': 99999999999, 'n': null}");
        assertEquals(5, f.intIn(o, "S", "a", 1, 1, 8, "1-8"));
        assertEquals(1, f.intIn(o, "S", "b", 1, 1, 8, "1-8"));
        assertEquals(1, f.intIn(o, "S", "c", 1, 1, 8, "1-8"));
        assertEquals(1, f.intIn(o, "S", "d", 1, 1, 8, "1-8"));
        assertEquals(1, f.intIn(o, "S", "e", 1, 1, 8, "1-8"));
        assertEquals(7, f.intIn(o, "S", "n", 7, 1, 8, "1-8"));
        assertEquals(7, f.intIn(o, "S", "absent", 7, 1, 8, "1-8"));
        assertEquals(List.of("S.b: expected an integer, got \"x\"", "S.c: expected 1-8, got 9",
                "S.d: expected an integer, got 1.5", "S.e: expected 1-8, got 99999999999"), f.errors());
    }

    @Test
    void booleansAndStrings() throws Exception {
        ObjectNode o = object("{'t': true, 'b': 'yes', 's': 'v', 'blank': ' ', 'num': 3}");
        assertEquals(true, f.bool(o, "S", "t", false));
        assertEquals(false, f.bool(o, "S", "b", false));
        assertEquals(true, f.bool(o, "S", "absent", true));
        assertEquals("v", f.nonEmptyString(o, "S", "s", "d"));
        assertEquals("d", f.nonEmptyString(o, "S", "blank", "d"));
        assertEquals(Optional.empty(), f.optionalString(o, "S", "num"));
        assertEquals(Optional.empty(), f.optionalString(o, "S", "absent"));
        assertNull(f.requiredString(o, "S", "absent"));
        assertEquals("v", f.requiredString(o, "S", "s"));
        assertEquals(List.of("S.b: expected true or false, got \"yes\"", "S.blank: must not be empty",
                "S.num: expected a string, got 3", "S.absent: required"), f.errors());
    }

    @Test
    void listsFromCommaSeparatedTextOrArrays() throws Exception {
        ObjectNode o = object("{'csv': ' a, b ,,c ', 'arr': ['x', '', 2, 'y'], 'bad': 4, 'empty': []}");
        assertEquals(List.of("a", "b", "c"), f.optionalList(o, "J", "csv"));
        assertEquals(List.of("x", "y"), f.optionalList(o, "J", "arr"));
        assertEquals(List.of(), f.optionalList(o, "J", "bad"));
        assertEquals(List.of(), f.optionalList(o, "J", "absent"));
        assertEquals(List.of(), f.requiredList(o, "J", "empty"));
        assertEquals(List.of(), f.requiredList(o, "J", "missing"));
        assertEquals(List.of(), f.requiredList(o, "J", "bad"));
        assertEquals(List.of("J.arr[1]: expected a non-empty string, got \"\"",
                "J.arr[2]: expected a non-empty string, got 2",
                "J.bad: expected a string or an array of strings, got 4",
                "J.empty: must not be empty",
                "J.missing: required",
                // a list that is wrong is not also called empty
                "J.bad: expected a string or an array of strings, got 4"), f.errors());
    }

    @Test
    void objectsAndArraysOfElements() throws Exception {
        ObjectNode o = object("{'obj': {'k': 1}, 'notObj': 3, 'list': [1, 'two', 3], 'notList': {}}");
        assertEquals(1, f.object(o, "", "obj").get("k").intValue());
        assertEquals(0, f.object(o, "", "notObj").size());
        assertEquals(0, f.object(o, "S", "absent").size());
        List<Integer> ints = f.array(o, "S", "list", (n, path) -> {
            if (!n.isInt()) {
                f.error(path, "expected a number");
                return Optional.empty();
            }
            return Optional.of(n.intValue());
        });
        assertEquals(List.of(1, 3), ints);
        assertEquals(List.of(), f.array(o, "S", "notList", (n, path) -> Optional.of(n)));
        assertEquals(List.of(), f.array(o, "S", "absent", (n, path) -> Optional.of(n)));
        assertEquals(List.of("notObj: expected an object, got 3", "S.list[1]: expected a number",
                "S.notList: expected an array, got {}"), f.errors());
    }

    @Test
    void unknownKeysAreWarningsWithAHintForTheWrongCase() throws Exception {
        ObjectNode o = object("{'Known': 1, 'known': 2, 'Other': 3, 'Old': 4}");
        f.checkKeys(o, "S", Set.of("Known"), Set.of("Old"));
        assertEquals(List.of(
                new ConfigWarning("S.known", "unknown key, ignored (did you mean \"Known\"? keys are case-sensitive)"),
                new ConfigWarning("S.Other", "unknown key, ignored"),
                new ConfigWarning("S.Old", "DTail setting not used by jdtail, ignored")), f.warnings());
        assertEquals(List.of(), f.errors());
    }

    @Test
    void valuesAreShownCutAt60Characters() throws Exception {
        ObjectNode o = object("{'long': '" + "x".repeat(100) + "'}");
        String shown = FieldReader.show(o.get("long"));
        assertEquals(60, shown.length());
        assertEquals("\"" + "x".repeat(56) + "...", shown);
        assertEquals("nothing", FieldReader.show(null));
    }

    @Test
    void freezeKeepsDataAndDropsNulls() throws Exception {
        ObjectNode o = object("{'a': [1, null, 'x', true], 'b': null, 'c': {'d': 2.5}}");
        assertEquals(Map.of("a", List.of(1, "x", true), "c", Map.of("d", 2.5)), FieldReader.freeze(o));
    }
}
