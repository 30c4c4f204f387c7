package io.jdtail.sink.graphite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdtail.engine.sink.ResultSinks;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The graphite sink, found by name, checks a target by the rule it opens it with, without connecting. */
class TargetCheckTest {

    @Test
    void theSinksOwnRuleDecides() throws IOException {
        ResultSinks.checkTarget("graphite", "[::1]:2004");
        ResultSinks.checkTarget("graphite", "graphite.example.org");
        IOException e = assertThrows(IOException.class, () -> ResultSinks.checkTarget("graphite", "h:65536"));
        assertEquals("graphite target: 'h:65536': port '65536' is not a number from 1 to 65535", e.getMessage());
    }

    @Test
    void aKindNotOnTheClassPathIsSaid() {
        IOException e = assertThrows(IOException.class, () -> ResultSinks.checkTarget("nosuch", "x"));
        assertEquals("no 'nosuch' result sink on the class path", e.getMessage());
    }
}
