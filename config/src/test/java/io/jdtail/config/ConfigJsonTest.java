package io.jdtail.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigJsonTest {

    @Test
    void numbersAreTypedByTheirSize() throws Exception {
        JsonNode n = ConfigJson.read("[1, 3000000000, 30000000000000000000, 1.5, true, null, \"s\"]", "t");
        assertTrue(n.get(0).isInt());
        assertTrue(n.get(1).isLong());
        assertEquals(new BigInteger("30000000000000000000"), n.get(2).bigIntegerValue());
        assertTrue(n.get(3).isDouble());
        assertTrue(n.get(4).isBoolean());
        assertTrue(n.get(5).isNull());
        assertEquals("s", n.get(6).textValue());
    }

    @Test
    void commentsAreAccepted() throws Exception {
        JsonNode n = ConfigJson.read("// head\n{ /* a */ \"a\": 1 // tail\n}", "t");
        assertEquals(1, n.get("a").intValue());
    }

    @Test
    void errorsNameTheSourceLineAndColumn() {
        ConfigException dup = assertThrows(ConfigException.class,
                () -> ConfigJson.read("{\"a\": {\"b\": 1,\n \"b\": 2}}", "f.json"));
        assertEquals("f.json", dup.source());
        assertEquals(List.of("invalid JSON at line 2, column 5: Duplicate field 'b'"), dup.problems());
        ConfigException onlyComments = assertThrows(ConfigException.class, () -> ConfigJson.read("// x\n", "f.json"));
        assertEquals(List.of("empty file, expected a JSON object"), onlyComments.problems());
        ConfigException truncated = assertThrows(ConfigException.class, () -> ConfigJson.read("{\"a\": [1,", "f.json"));
        assertTrue(truncated.problems().getFirst().startsWith("invalid JSON at line 1, column "),
                truncated.problems().toString());
    }
}
