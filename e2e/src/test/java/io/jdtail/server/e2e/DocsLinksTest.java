package io.jdtail.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the READMEs and {@code docs/} leads somewhere: the file or folder exists, and a
 * {@code #section} is a heading of the Markdown file it names (as GitHub makes anchors of headings).
 */
class DocsLinksTest {

    static final Pattern FENCED = Pattern.compile("(?ms)^```.*?^```");
    static final Pattern LINK = Pattern.compile("]\\(([^)\\s]+)\\)");

    /** GitHub's anchor of a heading: lower case, punctuation other than '-' and '_' dropped, spaces as '-'. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-');
    }

    static Set<String> anchors(Path markdown) throws IOException {
        return DocsMessagesTest.HEADING.matcher(Files.readString(markdown, StandardCharsets.UTF_8)).results()
                .map(h -> anchor(h.group(1))).collect(Collectors.toSet());
    }

    @Test
    void everyRelativeLinkOfTheDocsLeadsToAFileAndSection() throws IOException {
        Path root = DocsMessagesTest.repository();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path md : DocsMessagesTest.files(root, ".md", 4)) {
            String text = FENCED.matcher(Files.readString(md, StandardCharsets.UTF_8)).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                links++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? md : md.getParent().resolve(file).normalize();
                String where = root.relativize(md) + ": " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(where + " (no such section)");
                }
            }
        }
        assertTrue(links >= 20, "links found: " + links);
        assertEquals(List.of(), broken);
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("differences-from-dtail", anchor("Differences from DTail"));
        assertEquals("order-by-rorder-by", anchor("order by, rorder by"));
        assertEquals("1-implement-iojdtailengineformatlogformat", anchor("1. Implement `io.jdtail.engine.format.LogFormat`"));
        assertEquals("run-it-on-two-servers-5-minutes", anchor("Run it on two servers (5 minutes)"));
    }
}
