package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/query-language.md's percentile and distinct example, run by dmap over the sample request.log: the output as printed there. */
class DmapPercentilesDocTest {

    @TempDir
    Path dir;

    @Test
    void theReferenceExamplePrintsWhatTheDocShows() throws IOException {
        Path log = dir.resolve("request.log");
        Files.writeString(log, DmapCommandTest.REQUEST_LOG);
        String query = "from REQUEST select method, count(*), p50(latency), p99(latency), count_distinct(path) group by method";
        ClientRun r = ClientRun.dmap(null).apply(new String[] {query, log.toString()});
        assertThat(r.status()).as(r.err()).isZero();
        String printed = "$ dmap '" + query + "' request.log\n" + r.out()
                + r.err().replace("CLIENT|" + DmapCommandTest.HOST + "|", "CLIENT|web01|");
        Path here = Path.of("").toAbsolutePath();
        Path doc = Files.isRegularFile(here.resolve("docs/query-language.md")) ? here.resolve("docs/query-language.md")
                : here.getParent().resolve("docs/query-language.md");
        assertThat(Files.readString(doc, StandardCharsets.UTF_8)).contains("```\n" + printed + "```\n");
    }
}
