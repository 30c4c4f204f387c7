package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.operator.HostContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples of the {@code json} and {@code logfmt} sections of docs/log-formats.md, run as they are written:
 * in each fenced block, {@code $ cat NAME} and the lines after it make the file, and {@code $ dmap 'QUERY' NAME}
 * must print exactly the lines after it (the {@code CLIENT|web01|...} ones on stderr, web01 being this host).
 */
class LogFormatsDocExamplesTest {

    private static final Pattern DMAP = Pattern.compile("^\\$ dmap '([^']*)' (\\S+)$");
    private static final Pattern CAT = Pattern.compile("^\\$ cat (\\S+)$");

    @TempDir
    Path dir;

    static String section(String heading) throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path doc = Files.isRegularFile(here.resolve("docs/log-formats.md")) ? here.resolve("docs/log-formats.md")
                : here.getParent().resolve("docs/log-formats.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## " + heading + "\n");
        assertThat(start).as("docs/log-formats.md has a section ## " + heading).isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "logfmt"})
    void everyDmapExampleOfTheSectionPrintsWhatItShows(String heading) throws IOException {
        List<String> lines = section(heading).lines().toList();
        boolean fenced = false;
        int examples = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                continue;
            }
            List<String> following = new ArrayList<>();
            for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("$ ") && !lines.get(j).startsWith("```"); j++) {
                following.add(lines.get(j));
            }
            Matcher cat = CAT.matcher(line);
            Matcher dmap = DMAP.matcher(line);
            if (cat.matches()) {
                Files.writeString(dir.resolve(cat.group(1)), String.join("\n", following) + "\n");
            } else if (dmap.matches()) {
                examples++;
                ClientRun r = ClientRun.dmap(null).apply(new String[] {dmap.group(1), dir.resolve(dmap.group(2)).toString()});
                StringBuilder out = new StringBuilder();
                StringBuilder err = new StringBuilder();
                for (String shown : following) {
                    if (shown.startsWith("CLIENT|web01|")) {
                        err.append("CLIENT|").append(HostContext.localHostName()).append(shown.substring(12)).append('\n');
                    } else {
                        out.append(shown).append('\n');
                    }
                }
                assertThat(r.out()).as(line).isEqualTo(out.toString());
                assertThat(r.err()).as(line).isEqualTo(err.toString());
                assertThat(r.status()).as(line).isZero();
            }
        }
        assertThat(examples).as("dmap examples in ## " + heading).isGreaterThanOrEqualTo(2);
    }
}
