package io.jdtail.clients;

import static io.jdtail.clients.SameBytes.assertSameBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.jdtail.engine.operator.HostContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcat --plain} is {@code cat}: its output is byte-identical to its input whatever the
 * input holds (no final newline, CRLF, NUL, invalid UTF-8, over-long lines, compressed files,
 * stdin); the decorated form numbers lines and splits over-long ones without losing a byte.
 */
class DcatByteIdentityTest {

    static final String HOST = HostContext.localHostName();

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void assertPlainIdentity(byte[] content, String name) throws IOException {
        Path f = write(name, content);
        ReadClients.Result r = ReadClients.dcat(null, "--plain", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertSameBytes("dcat --plain " + name, r.out(), content);
    }

    /** Binary content: every byte value, NULs, invalid UTF-8 sequences, CR, some newlines. */
    static byte[] binary(int size, long seed) {
        Random rnd = new Random(seed);
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        byte[][] specials = {{0}, {0, 0, 0}, {(byte) 0xc3, 0x28}, {(byte) 0xff, (byte) 0xfe}, {(byte) 0xe2, (byte) 0x82},
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {'\r'}, {'\n', '\n'}};
        for (int i = 0; i < size / 50; i++) {
            byte[] s = specials[rnd.nextInt(specials.length)];
            int at = rnd.nextInt(size - s.length);
            System.arraycopy(s, 0, b, at, s.length);
        }
        return b;
    }

    @Test
    void genlogFileIsReproducedExactly() throws Exception {
        Path genlog = genlogScript();
        Path f = dir.resolve("genlog.log");
        Process p = new ProcessBuilder("python3", genlog.toString(), f.toString(), "2", "--seed", "3")
                .redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("genlog.py finished").isTrue();
        assertThat(p.exitValue()).as(msg).isZero();
        byte[] content = Files.readAllBytes(f);
        assertThat(content.length).isGreaterThan(2_000_000);
        ReadClients.Result r = ReadClients.dcat(null, "--plain", f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertSameBytes("dcat --plain genlog.log", r.out(), content);
    }

    /** genlog.py lives beside the repository (../shared/bench); GENLOG overrides. Skipped where it is absent. */
    static Path genlogScript() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("GENLOG");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("../../shared/bench/genlog.py"));
        candidates.add(Path.of("../shared/bench/genlog.py"));
        candidates.add(Path.of("/work/shared/bench/genlog.py"));
        Path found = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(found != null, "genlog.py not found (set GENLOG)");
        return found.toAbsolutePath();
    }

    @Test
    void fileWithoutFinalNewline() throws IOException {
        assertPlainIdentity(bytes("first\nsecond\nno newline at the end"), "nofinal.log");
        assertPlainIdentity(bytes("x"), "one-char.log");
        assertPlainIdentity(bytes("\n"), "one-newline.log");
        assertPlainIdentity(bytes("\n\n\nlast"), "empty-lines.log");
    }

    @Test
    void binaryContentWithNulAndInvalidUtf8() throws IOException {
        assertPlainIdentity(binary(300_000, 1), "binary.bin");
        // larger than the 1 MiB read buffer, so lines straddle buffer refills
        assertPlainIdentity(binary(2_500_000, 2), "binary-big.bin");
        assertPlainIdentity(new byte[] {0, 0, '\n', 0, (byte) 0xc3, 0x28, '\n', (byte) 0xff}, "tiny.bin");
    }

    @Test
    void emptyFilePrintsNothing() throws IOException {
        assertPlainIdentity(new byte[0], "empty.log");
        Path f = write("empty2.log", new byte[0]);
        ReadClients.Result r = ReadClients.dcat(null, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void crlfLineEndingsAreKept() throws IOException {
        assertPlainIdentity(bytes("one\r\ntwo\r\n\r\nthree\r\nlast\r"), "crlf.log");
        Path f = write("crlf2.log", bytes("a\r\nb\r\n"));
        ReadClients.Result r = ReadClients.dcat(null, f.toString());
        assertThat(r.outText()).isEqualTo("REMOTE|" + HOST + "|100|1|crlf2.log|a\r\n" + "REMOTE|" + HOST + "|100|2|crlf2.log|b\r\n");
    }

    @Test
    void overlongLinesAreSplitNeverDropped() throws IOException {
        int max = 100;
        List<String> lines = List.of("a".repeat(250), "b".repeat(100), "c".repeat(101), "d".repeat(99), "e".repeat(200), "",
                "short", "f".repeat(1000));
        StringBuilder s = new StringBuilder();
        for (String l : lines) {
            s.append(l).append('\n');
        }
        String tail = "g".repeat(350); // the last line, no newline, longer than the maximum
        s.append(tail);
        byte[] content = bytes(s.toString());
        Path f = write("long.log", content);

        ReadClients.Result plain = ReadClients.dcat(null, "--plain", "--maxLineLength", String.valueOf(max), f.toString());
        assertThat(plain.status()).as(plain.err()).isZero();
        assertSameBytes("dcat --plain --maxLineLength 100", plain.out(), content);

        ReadClients.Result decorated = ReadClients.dcat(null, "--maxLineLength", String.valueOf(max), f.toString());
        assertThat(decorated.status()).as(decorated.err()).isZero();
        List<String> all = new ArrayList<>(lines);
        all.add(tail);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            for (String piece : pieces(all.get(i), max)) {
                expected.append("REMOTE|").append(HOST).append("|100|").append(i + 1).append("|long.log|").append(piece).append('\n');
            }
        }
        assertThat(decorated.outText()).isEqualTo(expected.toString());
        // the 250-byte line is three records with the same number
        assertThat(decorated.outText().lines().filter(l -> l.startsWith("REMOTE|" + HOST + "|100|1|")).count()).isEqualTo(3);
    }

    @Test
    void lineLongerThanTheReadBufferIsSplitInMaximumSizedPieces() throws IOException {
        // default maximum 1 MiB; a 2.5 MiB line makes the reader split while the line is still incomplete
        int max = 1 << 20;
        String huge = "h".repeat(max * 2 + max / 2);
        byte[] content = bytes(huge + "\nx\n" + "i".repeat(max + 1));
        Path f = write("huge.log", content);
        ReadClients.Result plain = ReadClients.dcat(null, "--plain", f.toString());
        assertThat(plain.status()).as(plain.err()).isZero();
        assertSameBytes("dcat --plain huge line", plain.out(), content);

        ReadClients.Result decorated = ReadClients.dcat(null, f.toString());
        List<String> records = decorated.outText().lines().toList();
        String prefix = "REMOTE|" + HOST + "|100|";
        assertThat(records).hasSize(3 + 1 + 2);
        assertThat(records.subList(0, 3)).allMatch(l -> l.startsWith(prefix + "1|huge.log|"));
        assertThat(records.stream().map(l -> l.substring(l.indexOf("|huge.log|") + 10).length()).toList())
                .containsExactly(max, max, max / 2, 1, max, 1);
        assertThat(records.get(3)).isEqualTo(prefix + "2|huge.log|x");
        assertThat(records.subList(4, 6)).allMatch(l -> l.startsWith(prefix + "3|huge.log|"));
    }

    static List<String> pieces(String line, int max) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (line.length() - at > max) {
            out.add(line.substring(at, at + max));
            at += max;
        }
        out.add(line.substring(at));
        return out;
    }

    @Test
    void gzipAndZstdAreDecompressed() throws IOException {
        byte[] content = concat(bytes("INFO|first line\nWARN|second\n"), binary(200_000, 7), bytes("\nlast without newline"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write(content);
        }
        ByteArrayOutputStream zst = new ByteArrayOutputStream();
        try (OutputStream o = new ZstdOutputStream(zst)) {
            o.write(content);
        }
        Path g = write("app.log.gz", gz.toByteArray());
        Path z = write("app.log.zst", zst.toByteArray());
        for (Path f : List.of(g, z)) {
            ReadClients.Result r = ReadClients.dcat(null, "--plain", f.toString());
            assertThat(r.status()).as(f + ": " + r.err()).isZero();
            assertSameBytes("dcat --plain " + f.getFileName(), r.out(), content);
        }
        ReadClients.Result decorated = ReadClients.dcat(null, g.toString());
        assertThat(decorated.outText()).startsWith("REMOTE|" + HOST + "|100|1|app.log.gz|INFO|first line\n"
                + "REMOTE|" + HOST + "|100|2|app.log.gz|WARN|second\n");
    }

    @Test
    void corruptGzipFailsWithAMessageAndTheOtherFilesAreStillPrinted() throws IOException {
        Path bad = write("bad.log.gz", bytes("this is not gzip\n"));
        Path good = write("good.log", bytes("good\n"));
        ReadClients.Result r = ReadClients.dcat(null, "--plain", bad.toString(), good.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.outText()).isEqualTo("good\n");
        assertThat(r.err()).contains("bad.log.gz").doesNotContain("\tat ");
    }

    @Test
    void stdinIsReproducedExactly() {
        byte[] content = concat(bytes("from stdin\r\n"), binary(1_500_000, 11), bytes("\nno final newline"));
        ReadClients.Result r = ReadClients.dcat(new ByteArrayInputStream(content), "--plain");
        assertThat(r.status()).as(r.err()).isZero();
        assertSameBytes("dcat --plain < stdin", r.out(), content);

        ReadClients.Result empty = ReadClients.dcat(new ByteArrayInputStream(new byte[0]), "--plain");
        assertThat(empty.status()).as(empty.err()).isZero();
        assertThat(empty.out()).isEmpty();
    }

    @Test
    void severalFilesAreConcatenatedAsCatDoes() throws IOException {
        Path a = write("a.log", bytes("a1\na2 no newline"));
        Path b = write("b.log", bytes("b1\n"));
        Path c = write("c.log", new byte[] {0, '\n'});
        ReadClients.Result r = ReadClients.dcat(null, "-plain", a.toString(), b.toString(), c.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertSameBytes("dcat -plain a b c", r.out(), concat(Files.readAllBytes(a), Files.readAllBytes(b), Files.readAllBytes(c)));
        ReadClients.Result listed = ReadClients.dcat(null, "--plain", "--files", a + "," + b + "," + c);
        assertThat(listed.status()).as(listed.err()).isZero();
        assertSameBytes("dcat --plain --files a,b,c", listed.out(), r.out());
    }

    @Test
    void decoratedFormatIsExact() throws IOException {
        Path f = write("app.log", bytes("INFO|one|x\n\nWARN|three|y|z\nlast"));
        ReadClients.Result r = ReadClients.dcat(null, f.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        String p = "REMOTE|" + HOST + "|100|";
        assertThat(r.outText()).isEqualTo(p + "1|app.log|INFO|one|x\n" + p + "2|app.log|\n" + p + "3|app.log|WARN|three|y|z\n"
                + p + "4|app.log|last\n");
    }

    @Test
    void globMatchingNothingFailsWithAClearMessage() {
        String glob = dir.resolve("*.nothing").toString();
        ReadClients.Result r = ReadClients.dcat(null, "--plain", glob);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(glob).contains("matches no file").doesNotContain("Exception");
    }

    @Test
    void globMatchesInNameOrder() throws IOException {
        write("b.log", bytes("b\n"));
        write("a.log", bytes("a\n"));
        write("c.txt", bytes("c\n"));
        ReadClients.Result r = ReadClients.dcat(null, "--plain", dir.resolve("*.log").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outText()).isEqualTo("a\nb\n");
    }

    @Test
    void missingFileAmongExistingOnesFailsButTheOthersArePrinted() throws IOException {
        Path a = write("a.log", bytes("first file\n"));
        Path missing = dir.resolve("missing.log");
        Path b = write("b.log", bytes("second file\n"));
        ReadClients.Result r = ReadClients.dcat(null, "--plain", a.toString(), missing.toString(), b.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.outText()).isEqualTo("first file\nsecond file\n");
        assertThat(r.err()).contains(missing.toString()).contains("no such file").doesNotContain("Exception");
    }

    @Test
    void aDirectoryIsRefusedAndTheOtherFilesArePrinted() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("subdir"));
        Path a = write("a.log", bytes("a\n"));
        ReadClients.Result r = ReadClients.dcat(null, "--plain", sub.toString(), a.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.outText()).isEqualTo("a\n");
        assertThat(r.err()).contains("subdir").contains("directory");
    }

    @Test
    void noFilesAndNoStdinIsAUsageError() {
        ReadClients.Result r = ReadClients.dcat(null, "--plain");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no files given");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
