package io.jdtail.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-once commands read every file argument as often as it is named, in order, as {@code cat} and DTail do; a
 * {@code -} argument is stdin, read where it stands among the files.
 */
class RepeatedArgumentsTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static ByteArrayInputStream stdin(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dcatPrintsAFileNamedTwiceTwice() throws IOException {
        Path f = file("f.log", "one\ntwo\n");
        ReadClients.Result r = ReadClients.dcat(null, "--plain", f.toString(), f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("one\ntwo\none\ntwo\n");
    }

    @Test
    void dcatReadsTheArgumentsInTheOrderNamedAndAGlobAsOftenAsItIsNamed() throws IOException {
        Path a = file("a.log", "a\n");
        Path b = file("b.log", "b\n");
        ReadClients.Result r = ReadClients.dcat(null, "--plain", b.toString(), a.toString(), b.toString(),
                dir.resolve("*.log").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("b\na\nb\na\nb\n");
    }

    @Test
    void dgrepSearchesAFileNamedTwiceTwice() throws IOException {
        Path f = file("f.log", "keep 1\ndrop\nkeep 2\n");
        ReadClients.Result r = ReadClients.dgrep(null, "--plain", "--regex", "keep", f.toString(), f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("keep 1\nkeep 2\nkeep 1\nkeep 2\n");
    }

    @Test
    void dmapCountsAFileNamedThreeTimesThreeTimes() throws IOException {
        Path f = file("kv.log", "k=a\nk=a\nk=b\n");
        ClientRun r = ClientRun.dmap(null).apply(new String[] {"--plain", "--query",
            "select k, count($line) group by k order by k logformat generickv", f.toString(), f.toString(), f.toString()});
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).as(r.out())
                .containsExactlyInAnyOrder("a|6", "b|3");
    }

    @Test
    void dashIsStdinForDcat() {
        ReadClients.Result r = ReadClients.dcat(stdin("from stdin\n"), "--plain", "-");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("from stdin\n");
    }

    @Test
    void dashAmongFilesIsStdinReadWhereItStands() throws IOException {
        Path a = file("a.log", "a\n");
        Path b = file("b.log", "b\n");
        ReadClients.Result r = ReadClients.dcat(stdin("s1\ns2\n"), "--plain", a.toString(), "-", b.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("a\ns1\ns2\nb\n");
    }

    @Test
    void dashIsStdinForDgrep() {
        ReadClients.Result r = ReadClients.dgrep(stdin("x 1\ny\nx 2\n"), "--plain", "--regex", "x", "-");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("x 1\nx 2\n");
    }

    @Test
    void dashIsStdinForDmap() {
        ClientRun r = ClientRun.dmap(stdin("k=a\nk=b\nk=a\n")).apply(new String[] {"--plain", "--query",
            "select k, count($line) group by k order by k logformat generickv", "-"});
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).as(r.out())
                .containsExactlyInAnyOrder("a|2", "b|1");
    }

    @Test
    void dmapAggregatesStdinWhereTheDashStandsAmongFiles() throws IOException {
        Path f = file("kv.log", "k=a\n");
        ClientRun r = ClientRun.dmap(stdin("k=b\nk=b\n")).apply(new String[] {"--plain", "--query",
            "select k, count($line) group by k logformat generickv", f.toString(), "-", f.toString()});
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).map(l -> l.replaceAll("\\s+", "")).toList()).as(r.out())
                .containsExactlyInAnyOrder("a|2", "b|2");
    }
}
