package io.jdtail.server.permission;

import io.jdtail.engine.source.FileGate;
import io.jdtail.config.PermissionRule;
import io.jdtail.config.Permissions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * For any rule list and any (possibly '..'-laden) request: allowed exactly when some allow rule and no deny
 * rule matches the real path (and, lexically, the normalised path too).
 */
class PermissionRulesProperties {

    static Path root;
    static final List<String> FILES = List.of("var/log/a.log", "var/log/secure", "var/log/app/b.log.gz",
            "etc/passwd", "home/alice/notes.txt");
    static final List<String> FRAGMENTS = List.of("^/", "/var/log/", "/var/log/app/", "secure$", "\\.gz$", "/etc/",
            "alice", "^/nowhere/", "log");

    @BeforeContainer
    static void makeFiles() throws IOException {
        root = Files.createTempDirectory("jdtail-perm").toRealPath();
        for (String f : FILES) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x\n");
        }
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    record Rule(boolean deny, String fragment) {
        String text() {
            String re = fragment.startsWith("^") ? "^" + root + fragment.substring(1) : fragment;
            return (deny ? "!readfiles:" : "readfiles:") + re;
        }
    }

    @Provide
    Arbitrary<List<Rule>> ruleLists() {
        return Arbitraries.of(FRAGMENTS).flatMap(f -> Arbitraries.of(true, false).map(d -> new Rule(d, f)))
                .list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> plain = Arbitraries.of(FILES);
        Arbitrary<String> dotted = Arbitraries.of(FILES).flatMap(f -> Arbitraries.of(FILES)
                .map(g -> g.substring(0, g.indexOf('/') + 1) + "../" + f));
        return Arbitraries.oneOf(plain, dotted);
    }

    @Property(tries = 300)
    void decisionFollowsTheRules(@ForAll("ruleLists") List<Rule> rules, @ForAll("requests") String request) {
        List<PermissionRule> parsed = rules.stream()
                .map(r -> ((PermissionRule.Parsed.Rule) PermissionRule.parse(r.text())).rule()).toList();
        UserDirectory rootOnly = name -> Optional.of(new UnixUser(name, 0, 0, Set.of(0), Optional.empty()));
        FileAccessChecker checker = new FileAccessChecker(new Permissions(parsed, Map.of()), rootOnly);
        Path requested = root.resolve(request);
        String real = requested.normalize().toString();   // no symlinks here: real = normalised
        boolean expected = parsed.stream().anyMatch(r -> !r.deny() && r.matches(real))
                && parsed.stream().noneMatch(r -> r.deny() && r.matches(real));
        FileGate.Opened opened = checker.open("u", requested);
        if (opened instanceof FileGate.OpenedFile f) {
            f.close();
        }
        assertEquals(expected, opened instanceof FileGate.OpenedFile, () -> rules + " " + request + ": " + opened);
    }
}
