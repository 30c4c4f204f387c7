package io.jdtail.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough ("Run it on two servers") followed as written: every {@code ```sh} block after a
 * {@code <!-- walkthrough -->} comment runs, in order, in one bash (so that the servers it starts in the
 * background are its jobs), with the distribution's {@code bin/} first on the PATH, in a home and TMPDIR of the
 * test's own, on two free loopback ports. A step fails the test when a command in it fails, or when what it
 * prints (stdout and stderr) is not the {@code ```text} block after its {@code <!-- walkthrough output -->}
 * comment (nothing, when it shows none). In the shown output {@code …} stands for any text (an uptime), and the
 * ports of the README's set-up block stand for the test's.
 */
class ReadmeWalkthroughTest {

    static final String SETUP = "<!-- walkthrough: the reader's set-up, done by the test -->";
    static final String STEP = "<!-- walkthrough -->";
    static final String OUTPUT = "<!-- walkthrough output -->";
    static final Pattern PORTS = Pattern.compile("(?m)^PORT1=(\\d+) PORT2=(\\d+)$");
    static final long TIME_LIMIT_SECONDS = 240;

    /** One block of the walkthrough and the output the README shows for it (none: it prints nothing). */
    record Step(int number, String script, List<String> shownOutput) {}

    record Walkthrough(String setup, List<Step> steps) {}

    static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("e2e/pom.xml")) ? here : here.getParent();
    }

    /** The fenced block that follows the marker at {@code lines[marker]} (blank lines between them allowed). */
    static List<String> blockAfter(List<String> lines, int marker, String language) {
        int open = marker + 1;
        while (open < lines.size() && lines.get(open).isBlank()) {
            open++;
        }
        assertTrue(open < lines.size() && lines.get(open).equals("```" + language),
                "README line " + (marker + 1) + ": a ```" + language + " block follows " + lines.get(marker));
        int close = lines.subList(open + 1, lines.size()).indexOf("```");
        assertTrue(close >= 0, "README line " + (open + 1) + ": the block is closed");
        return lines.subList(open + 1, open + 1 + close);
    }

    static Walkthrough walkthrough(String readme) {
        List<String> lines = readme.lines().toList();
        String setup = null;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            switch (lines.get(i)) {
                case SETUP -> setup = String.join("\n", blockAfter(lines, i, "sh"));
                case STEP -> steps.add(new Step(steps.size() + 1, String.join("\n", blockAfter(lines, i, "sh")), List.of()));
                case OUTPUT -> {
                    assertTrue(!steps.isEmpty(), "README line " + (i + 1) + ": output shown before any step");
                    Step last = steps.removeLast();
                    assertEquals(List.of(), last.shownOutput(), "README line " + (i + 1) + ": step " + last.number()
                            + " shows one output");
                    steps.add(new Step(last.number(), last.script(), blockAfter(lines, i, "text")));
                }
                default -> { }
            }
        }
        assertTrue(setup != null, "the README has the walkthrough's set-up block");
        return new Walkthrough(setup, steps);
    }

    static String marker(int step) {
        return "@@jdtail-walkthrough step " + step + "@@";
    }

    static final String END = "@@jdtail-walkthrough end@@";

    /**
     * The steps as one bash script: a marker line before each step separates their outputs; the servers the
     * walkthrough starts are stopped when the script ends however it ends, and waited for.
     */
    static String script(List<Step> steps) {
        StringBuilder sb = new StringBuilder("set -euo pipefail\n")
                .append("trap 'kill $(jobs -p) 2>/dev/null || true; wait' EXIT\n");
        for (Step step : steps) {
            sb.append("printf '%s\\n' '").append(marker(step.number())).append("'\n").append(step.script()).append('\n');
        }
        return sb.append("wait\nprintf '%s\\n' '").append(END).append("'\n").toString();
    }

    /** A shown line as a pattern: {@code …} is any text, everything else literal. */
    static boolean matches(String shown, String actual) {
        String regex = Pattern.compile("…").splitAsStream(shown).map(Pattern::quote).collect(Collectors.joining(".+"));
        return actual.matches(regex + (shown.endsWith("…") ? ".+" : ""));
    }

    static int[] freeLoopbackPorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void theWalkthroughRunsAsWrittenAndPrintsWhatItShows(@TempDir Path dir) throws Exception {
        Path root = repository();
        Path bin = root.resolve("dist/target/jdtail/bin");
        assertTrue(Files.isExecutable(bin.resolve("dserver")),
                bin + " holds the distribution (e2e runs after the dist module: mvn -pl e2e -am verify)");
        Walkthrough walkthrough = walkthrough(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
        List<Step> steps = walkthrough.steps();
        assertTrue(steps.size() >= 6, "walkthrough steps found: " + steps.size());
        assertTrue(walkthrough.setup().contains("dist/target/jdtail/bin"), "the set-up puts the distribution's bin/ on the PATH");
        Matcher readmePorts = PORTS.matcher(walkthrough.setup());
        assertTrue(readmePorts.find(), "the set-up block sets PORT1=N PORT2=M");

        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path scriptFile = dir.resolve("walkthrough.sh");
        Files.writeString(scriptFile, script(steps));
        Path outputFile = dir.resolve("walkthrough.out");
        int[] ports = freeLoopbackPorts(2);

        ProcessBuilder pb = new ProcessBuilder("bash", scriptFile.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        Map<String, String> env = pb.environment();
        env.remove("SSH_AUTH_SOCK");
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        // Java takes user.home from the password database, not from $HOME: known_hosts goes to the test's home
        env.put("JDTAIL_JAVA_OPTS", "-Duser.home=" + home);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("PORT1", Integer.toString(ports[0]));
        env.put("PORT2", Integer.toString(ports[1]));
        Process bash = pb.start();
        if (!bash.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
            bash.waitFor(30, TimeUnit.SECONDS);
            fail("the walkthrough did not end within " + TIME_LIMIT_SECONDS + " s; its output:\n"
                    + Files.readString(outputFile) + serversSaid(tmp));
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);

        Map<String, String> portsShown = Map.of(
                "127.0.0.1:" + readmePorts.group(1), "127.0.0.1:" + ports[0],
                "127.0.0.1:" + readmePorts.group(2), "127.0.0.1:" + ports[1]);
        for (Step step : steps) {
            int start = output.indexOf(marker(step.number()) + "\n");
            assertTrue(start >= 0, "step " + step.number() + " was reached; output:\n" + output);
            start += marker(step.number()).length() + 1;
            String next = step.number() < steps.size() ? marker(step.number() + 1) : END;
            int end = output.indexOf(next, start);
            List<String> printed = (end < 0 ? output.substring(start) : output.substring(start, end)).lines().toList();
            String where = "README walkthrough step " + step.number() + ":\n" + step.script() + "\n";
            assertTrue(end >= 0, where + "failed (bash exit status " + bash.exitValue() + "), printing:\n"
                    + String.join("\n", printed) + serversSaid(tmp));
            List<String> shown = step.shownOutput().stream().map(line -> withPorts(line, portsShown)).toList();
            if (shown.size() != printed.size()
                    || !IntStream.range(0, shown.size()).allMatch(i -> matches(shown.get(i), printed.get(i)))) {
                assertEquals(String.join("\n", shown), String.join("\n", printed), where + "printed other than the README shows");
            }
        }
        assertEquals(0, bash.exitValue(), "bash exit status; output:\n" + output);
    }

    /** What the walkthrough's servers wrote to stderr (their {@code dserver-PORT.txt}), for a failure message. */
    static String serversSaid(Path tmp) throws IOException {
        StringBuilder said = new StringBuilder();
        try (Stream<Path> files = Files.walk(tmp, 3)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("dserver-\\d+\\.txt")).sorted().toList()) {
                said.append("\n").append(file.getFileName()).append(":\n").append(Files.readString(file));
            }
        }
        return said.toString();
    }

    static String withPorts(String line, Map<String, String> ports) {
        String result = line;
        for (Map.Entry<String, String> e : ports.entrySet()) {
            result = result.replace(e.getKey(), e.getValue());
        }
        return result;
    }

    @Test
    void aShownLineMatchesOnlyItsOwnTextWithTheEllipsisAsAnyText() {
        assertTrue(matches("OK: h:1: up …, 0 running requests", "OK: h:1: up 3s, 0 running requests"));
        assertTrue(!matches("OK: h:1: up …, 0 running requests", "OK: h:1: up 3s, 1 running requests"));
        assertTrue(!matches("OK: h:1: up …, 0 running requests", "OK: h:1: up , 0 running requests"));
        assertTrue(matches("a.b", "a.b") && !matches("a.b", "axb"));
    }
}
