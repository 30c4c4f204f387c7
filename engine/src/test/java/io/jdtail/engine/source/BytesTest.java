package io.jdtail.engine.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.ByteRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The byte helpers the engine and the formats share, against the obvious byte-by-byte answers. */
class BytesTest {

    @Property(tries = 500)
    void indexOfFindsTheFirstOccurrenceOfAnyByteInTheRange(@ForAll @Size(max = 40) byte[] b,
                                                           @ForAll @ByteRange(min = 0, max = 3) byte target,
                                                           @ForAll @IntRange(max = 40) int from,
                                                           @ForAll @IntRange(max = 40) int to) {
        int f = Math.min(from, b.length);
        int t = Math.max(f, Math.min(to, b.length));
        int expected = -1;
        for (int i = f; i < t; i++) {
            if (b[i] == target) {
                expected = i;
                break;
            }
        }
        assertEquals(expected, Bytes.indexOf(b, f, t, target));
    }

    /** Bytes drawn mostly from the interesting ones: quote, backslash, controls, space, high bytes. */
    @Property(tries = 1000)
    void indexOfQuoteBackslashOrControlFindsTheFirstSuchByte(@ForAll @Size(max = 40) byte[] random,
                                                            @ForAll @IntRange(max = 40) int from,
                                                            @ForAll @IntRange(max = 40) int to) {
        byte[] pool = {'"', '\\', 0, 0x1f, ' ', '!', '#', '[', ']', 'a', (byte) 0x80, (byte) 0x9f, (byte) 0xa2, (byte) 0xff, 0x7f};
        byte[] b = new byte[random.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (random[i] & 1) == 0 ? pool[(random[i] & 0xff) % pool.length] : random[i];
        }
        int f = Math.min(from, b.length);
        int t = Math.max(f, Math.min(to, b.length));
        int expected = -1;
        for (int i = f; i < t; i++) {
            if (b[i] == '"' || b[i] == '\\' || (b[i] >= 0 && b[i] < 0x20)) {
                expected = i;
                break;
            }
        }
        assertEquals(expected, Bytes.indexOfQuoteBackslashOrControl(b, f, t));
    }

    @Test
    void indexOfAPipeBeyondTheFirstEightBytes() {
        byte[] line = "2026-12-07 info|host|MAPREDUCE:STATS|a=1".getBytes(UTF_8);
        assertEquals(15, Bytes.indexOf(line, 0, line.length, (byte) '|'));
        assertEquals(20, Bytes.indexOf(line, 16, line.length, (byte) '|'));
        assertEquals(36, Bytes.indexOf(line, 21, line.length, (byte) '|'));
        assertEquals(-1, Bytes.indexOf(line, 37, line.length, (byte) '|'));
        assertEquals(-1, Bytes.indexOf(line, 0, 15, (byte) '|'));
        byte[] high = {(byte) 0xff, (byte) 0x80, 0x7c, (byte) 0xfc};
        assertEquals(3, Bytes.indexOf(high, 0, 4, (byte) 0xfc));
    }

    @Test
    void startsWithLooksOnlyInsideTheRange() {
        byte[] b = "xxMAPREDUCE:STATS".getBytes(UTF_8);
        byte[] prefix = "MAPREDUCE:".getBytes(UTF_8);
        assertTrue(Bytes.startsWith(b, 2, b.length, prefix));
        assertTrue(Bytes.startsWith(b, 2, 12, prefix));
        assertFalse(Bytes.startsWith(b, 2, 11, prefix), "the range ends before the prefix does");
        assertFalse(Bytes.startsWith(b, 1, b.length, prefix));
        assertTrue(Bytes.startsWith(b, 5, 5, new byte[0]));
    }

    @Test
    void equalsAsciiIgnoreCaseFoldsLettersOnly() {
        byte[] b = "xSTATS@[x".getBytes(UTF_8);
        assertTrue(Bytes.equalsAsciiIgnoreCase(b, 1, 5, "stats".getBytes(UTF_8)));
        assertTrue(Bytes.equalsAsciiIgnoreCase(b, 1, 5, "STATS".getBytes(UTF_8)));
        assertFalse(Bytes.equalsAsciiIgnoreCase(b, 1, 5, "stat".getBytes(UTF_8)));
        assertFalse(Bytes.equalsAsciiIgnoreCase(b, 1, 5, "staty".getBytes(UTF_8)));
        // '@' and '[' are 0x40 and 0x5B, one below 'A' and one above 'Z': no folding into '`' or '{'
        assertFalse(Bytes.equalsAsciiIgnoreCase(b, 6, 2, "`{".getBytes(UTF_8)));
        assertTrue(Bytes.equalsAsciiIgnoreCase(b, 6, 2, "@[".getBytes(UTF_8)));
        byte[] e = "É".getBytes(UTF_8);
        assertFalse(Bytes.equalsAsciiIgnoreCase(e, 0, e.length, "é".getBytes(UTF_8)), "only ASCII letters fold");
    }

    @Property(tries = 200)
    void intsAreWrittenAndReadAsDataOutputDoes(@ForAll int v, @ForAll @IntRange(max = 4) int at) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new DataOutputStream(expected).writeInt(v);
        byte[] b = new byte[at + 4];
        Bytes.putInt(b, at, v);
        byte[] written = new byte[4];
        System.arraycopy(b, at, written, 0, 4);
        assertArrayEquals(expected.toByteArray(), written);
        assertEquals(v, Bytes.getInt(b, at));
    }

    @Test
    void endWithoutCrDropsOneTrailingCarriageReturnOnly() {
        byte[] b = "ab\r\r|x\r|\r".getBytes(UTF_8);
        assertEquals(3, Bytes.endWithoutCr(b, 0, 4), "one of two CRs");
        assertEquals(2, Bytes.endWithoutCr(b, 0, 2), "no CR");
        assertEquals(6, Bytes.endWithoutCr(b, 5, 2), "x\\r from an offset");
        assertEquals(8, Bytes.endWithoutCr(b, 8, 1), "a lone CR is an empty line");
        assertEquals(5, Bytes.endWithoutCr(b, 5, 0), "empty, at an offset whose previous byte is not looked at");
        assertEquals(4, Bytes.endWithoutCr(b, 4, 0), "empty, even after a CR");
    }
}
