package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.engine.format.LineParser.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Render random default-format lines, parse them back, get the referenced fields unchanged. */
class DefaultLogFormatProperties {

    private static final String[] HEADER_VARS = {"$pid", "$caller", "$cpus", "$goroutines", "$cgocalls", "$loadavg",
        "$uptime"};

    /** A generated line: what it holds and how it is written. */
    record Sample(String time, List<String> header, String table, Map<String, String> pairs) {

        String render() {
            StringBuilder sb = new StringBuilder("INFO|").append(time);
            for (String h : header) {
                sb.append('|').append(h);
            }
            sb.append("|MAPREDUCE:").append(table);
            pairs.forEach((k, v) -> sb.append('|').append(k).append('=').append(v));
            return sb.toString();
        }

        Map<String, String> expected() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("$severity", "INFO");
            m.put("$loglevel", "INFO");
            m.put("$time", time);
            if (time.length() >= 4) {
                m.put("$date", time.substring(0, 4));
            }
            if (time.length() >= 7) {
                m.put("$hour", time.substring(5, 7));
            }
            if (time.length() >= 9) {
                m.put("$minute", time.substring(7, 9));
            }
            if (time.length() >= 11) {
                m.put("$second", time.substring(9, 11));
            }
            for (int i = 0; i < HEADER_VARS.length; i++) {
                m.put(HEADER_VARS[i], header.get(i));
            }
            m.putAll(pairs);
            return m;
        }
    }

    private static Arbitrary<String> text(int min, int max) {
        // printable ASCII, a few non-ASCII letters, never the field separator or a line end
        return Arbitraries.strings().withCharRange(' ', '~').withChars('ä', 'Ü', '名', '€')
                .excludeChars('|').ofMinLength(min).ofMaxLength(max);
    }

    @Provide
    Arbitrary<Sample> samples() {
        Arbitrary<String> wellFormedTime = Combinators.combine(
                Arbitraries.integers().between(101, 1231), Arbitraries.integers().between(0, 235959))
                .as((d, t) -> String.format("%04d-%06d", d, t));
        // odd times too; $date, $hour, ... are byte positions, so keep those ASCII
        Arbitrary<String> oddTime = Arbitraries.strings().withCharRange(' ', '~').excludeChars('|').ofMaxLength(14);
        Arbitrary<String> time = Arbitraries.oneOf(wellFormedTime, oddTime);
        Arbitrary<List<String>> header = text(0, 12).list().ofSize(HEADER_VARS.length);
        Arbitrary<String> table = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10);
        // "$..." and "*" name variables, never barewords
        Arbitrary<String> key = text(1, 10).map(s -> s.replace('=', '_'))
                .filter(s -> !s.startsWith("$") && !s.equals("*"));
        Arbitrary<Map<String, String>> pairs = Arbitraries.maps(key, text(0, 15)).ofMaxSize(12)
                .map(LinkedHashMap::new);
        return Combinators.combine(time, header, table, pairs).as(Sample::new);
    }

    @Property(tries = 2000)
    void referencedFieldsRoundTrip(@ForAll("samples") Sample sample, @ForAll long seed) {
        Random rnd = new Random(seed);
        Map<String, String> expected = sample.expected();
        List<String> candidates = new ArrayList<>(expected.keySet());
        candidates.add("$hour");
        candidates.add("notThere");
        candidates.add("$line");
        Collections.shuffle(candidates, rnd);
        List<String> referenced = new ArrayList<>(candidates.subList(0, rnd.nextInt(candidates.size() + 1)));
        referenced = referenced.stream().distinct().toList();

        int mode = rnd.nextInt(4);
        String table = switch (mode) {
            case 0 -> null;
            case 1 -> sample.table();
            case 2 -> sample.table().toLowerCase(java.util.Locale.ROOT);
            default -> sample.table() + "x";
        };
        Parsed p = Parsed.parse(new DefaultLogFormat(), table, sample.render(), referenced.toArray(String[]::new));
        if (mode == 3) {
            assertEquals(Outcome.IGNORED, p.outcome);
            return;
        }
        assertEquals(Outcome.ACCEPTED, p.outcome, sample.render());
        Map<String, String> want = new LinkedHashMap<>();
        for (String f : referenced) {
            if (expected.containsKey(f)) {
                want.put(f, expected.get(f));
            }
        }
        assertEquals(want, p.values, sample.render());
    }

    @Property(tries = 500)
    void pairWithoutEqualsIsMalformed(@ForAll("samples") Sample sample) {
        String bad = sample.render() + "|" + "noequals";
        assertEquals(Outcome.MALFORMED, Parsed.parse(new DefaultLogFormat(), null, bad, "k").outcome);
    }

    /**
     * One parser reads lines one after the other as a fresh parser reads each: it remembers the last line's keys by
     * position ({@link LastKeys}), so lines with the same keys (other values), a key changed, a field without '=',
     * fields dropped or moved and another line's keys come in turn, each followed in the buffer by the next.
     */
    @Property(tries = 500)
    void aParserThatReadOtherLinesReadsALineAsAFreshOneDoes(@ForAll("samples") Sample one, @ForAll("samples") Sample other,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Sample base = rnd.nextInt(4) == 0 ? other : one;
            List<Map.Entry<String, String>> pairs = new ArrayList<>(base.pairs().entrySet());
            StringBuilder line = new StringBuilder(new Sample(base.time(), base.header(), base.table(), Map.of()).render());
            int change = pairs.isEmpty() ? -1 : rnd.nextInt(pairs.size());
            int how = rnd.nextInt(5);
            if (how == 0 && change >= 0) {
                pairs.remove(change);
            } else if (how == 1 && pairs.size() > 1) {
                Collections.swap(pairs, 0, pairs.size() - 1);
            }
            for (int k = 0; k < pairs.size(); k++) {
                String key = pairs.get(k).getKey();
                String value = rnd.nextBoolean() ? pairs.get(k).getValue() : "v" + rnd.nextInt(1000);
                if (k == change && how == 2) {
                    line.append('|').append(key).append(value); // no '='
                } else if (k == change && how == 3) {
                    line.append('|').append(key).append(rnd.nextBoolean() ? "y" : "").append("=x=").append(value);
                } else {
                    line.append('|').append(key).append('=').append(value);
                }
            }
            lines.add(line.toString());
        }
        List<String> fields = new ArrayList<>(one.pairs().keySet());
        fields.addAll(other.pairs().keySet());
        fields.add("notThere");
        String[] names = fields.stream().distinct().toArray(String[]::new);
        byte[] buf = (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Parsed.Session session = new Parsed.Session(new DefaultLogFormat(), null, names);
        int off = 0;
        for (String line : lines) {
            int len = line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            Parsed fresh = Parsed.parse(new DefaultLogFormat(), null, line, names);
            Parsed again = session.parse(buf, off, len);
            assertEquals(fresh.outcome, again.outcome, line);
            assertEquals(fresh.values, again.values, line);
            off += len + 1;
        }
    }

    /**
     * Lines read one after the other from one buffer, their key=value fields against the format's rule read off the
     * fields themselves (split at '|'; an empty field is nothing; the key ends at the first '='; a later key wins; a
     * field without '=' makes the line malformed): keys whose {@code key=} is 7, 8, 9, 15, 16 or 17 bytes and share
     * their first eight or sixteen bytes, so that the last line's key at a position ({@link LastKeys}) is often
     * almost, but not, the next one's; values with '=', NUL and bytes that are no UTF-8; the buffer ending with the
     * last line or its newline.
     */
    @Property(tries = 300)
    void keysAlmostTheLastLinesAreReadAsTheFieldsSay(@ForAll long seed) {
        Random rnd = new Random(seed);
        String[] keys = {"abcdef", "abcdefg", "abcdefh", "abcdefgh", "abcdefghijklmn", "abcdefghijklmo", "abcdefghijklmno",
            "abcdefghijklmnop", "abcdefghijklmnoq", "abcdé", "ééééééé", "abcdefgh_", "a"};
        String[] values = {"", "1", "x=y", "=", "abcdefgh", "\u0000", "é", "\"q\"", "abcdefghijklmnop="};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            StringBuilder line = new StringBuilder("INFO|1207-223000|1|a.go:1|2|3|4|0.1|5|MAPREDUCE:T");
            int fields = rnd.nextInt(6);
            for (int f = 0; f < fields; f++) {
                line.append('|');
                if (rnd.nextInt(12) > 0) {
                    line.append(keys[rnd.nextInt(keys.length)]).append(rnd.nextInt(15) == 0 ? "" : "=")
                            .append(values[rnd.nextInt(values.length)]);
                }
            }
            lines.add(line.toString());
        }
        String[] names = List.of(keys).subList(0, keys.length - 1).toArray(String[]::new);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        List<byte[]> bytes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            byte[] b = lines.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length > 54 && rnd.nextInt(6) == 0) {
                b[b.length - 1 - rnd.nextInt(4)] = (byte) 0xff; // in the key=value fields
            }
            bytes.add(b);
            all.write(b, 0, b.length);
            if (i < lines.size() - 1 || rnd.nextBoolean()) {
                all.write('\n');
            }
        }
        byte[] buf = all.toByteArray();
        Parsed.Session session = new Parsed.Session(new DefaultLogFormat(), null, names);
        int off = 0;
        for (byte[] line : bytes) {
            String text = new String(line, java.nio.charset.StandardCharsets.UTF_8);
            Map<String, String> want = new LinkedHashMap<>();
            Outcome outcome = Outcome.ACCEPTED;
            String[] split = text.split("\\|", -1);
            for (int f = 10; f < split.length; f++) {
                int eq = split[f].indexOf('=');
                if (eq < 0 && !split[f].isEmpty()) {
                    outcome = Outcome.MALFORMED;
                } else if (eq >= 0 && List.of(names).contains(split[f].substring(0, eq))) {
                    want.put(split[f].substring(0, eq), split[f].substring(eq + 1));
                }
            }
            Parsed read = session.parse(buf, off, line.length);
            assertEquals(outcome, read.outcome, text);
            if (outcome == Outcome.ACCEPTED) {
                Map<String, String> got = new LinkedHashMap<>();
                for (String n : names) {
                    if (read.values.containsKey(n)) {
                        got.put(n, read.values.get(n));
                    }
                }
                assertEquals(new java.util.TreeMap<>(want), new java.util.TreeMap<>(got), text);
            }
            off += line.length + 1;
        }
    }
}
