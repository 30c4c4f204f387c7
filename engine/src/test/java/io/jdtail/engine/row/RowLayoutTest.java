package io.jdtail.engine.row;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowLayoutTest {

    private static final RowLayout LAYOUT = new RowLayout(List.of("$line", "method", "status", "latencyX", "latencyXY",
            "a_rather_long_key", "a_rather_long_kex", "*", "é"));

    /**
     * A key's slot, found by its first eight bytes packed into a long and then its rest: keys around eight bytes,
     * names sharing their first eight, and keys in the middle of a buffer or ending it (fewer than eight bytes left).
     */
    @Test
    void aKeyFindsTheSlotOfTheBarewordOfExactlyItsBytes() {
        String[][] expected = {
            {"method", "1"}, {"status", "2"}, {"latencyX", "3"}, {"latencyXY", "4"}, {"a_rather_long_key", "5"},
            {"a_rather_long_kex", "6"}, {"é", "8"}, {"latency", "-1"}, {"latencyXZ", "-1"}, {"latencyXYZ", "-1"},
            {"a_rather_long_ke", "-1"}, {"a_rather_long_kez", "-1"}, {"methoD", "-1"}, {"$line", "-1"}, {"*", "-1"},
            {"", "-1"}, {"e", "-1"}};
        for (String[] e : expected) {
            byte[] key = e[0].getBytes(StandardCharsets.UTF_8);
            for (String around : new String[] {"|method=status|", ""}) {
                byte[] buf = (around + e[0] + around).getBytes(StandardCharsets.UTF_8);
                int off = around.length();
                assertEquals(Integer.parseInt(e[1]), LAYOUT.bareSlotOf(buf, off, key.length), e[0] + " within '" + around + "'");
            }
        }
    }
}
