package io.jdtail.server.permission;

import io.jdtail.config.PermissionRule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PermissionRuleTest {

    static PermissionRule rule(String text) {
        return assertInstanceOf(PermissionRule.Parsed.Rule.class, PermissionRule.parse(text)).rule();
    }

    @Test
    void spellings() {
        assertFalse(rule("readfiles:^/var/log/").deny());
        assertTrue(rule("!readfiles:^/var/log/").deny());
        assertTrue(rule("readfiles:!^/var/log/").deny());
        assertFalse(rule("^/.*").deny());
        assertTrue(rule("!^/etc/").deny());
        assertEquals("^/var/log/", rule("readfiles:^/var/log/").regex().pattern());
        assertEquals("/a:b", rule("readfiles:/a:b").regex().pattern());   // only the first ':' separates
        assertEquals("writefiles", assertInstanceOf(PermissionRule.Parsed.OtherType.class,
                PermissionRule.parse("writefiles:^/")).type());
    }

    @Test
    void regexIsSearchedAnywhereUnlessAnchored() {
        assertTrue(rule("readfiles:/log/").matches("/var/log/x"));
        assertFalse(rule("readfiles:^/log/").matches("/var/log/x"));
        assertTrue(rule("readfiles:^/var/log/.*\\.log$").matches("/var/log/a.log"));
        assertFalse(rule("readfiles:^/var/log/.*\\.log$").matches("/var/log/a.log.gz"));
    }

    @Test
    void badRules() {
        assertEquals("empty regular expression in \"!readfiles:\"",
                assertThrows(IllegalArgumentException.class, () -> PermissionRule.parse("!readfiles:")).getMessage());
        assertEquals("invalid regular expression \"[\": missing closing ]",
                assertThrows(IllegalArgumentException.class, () -> PermissionRule.parse("readfiles:[")).getMessage());
    }
}
