package io.jdtail.clients.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a line so that a terminal shows it and obeys nothing in it, as {@code cat -v} and {@code less} do:
 * C0 controls and DEL in caret notation ({@code ESC} as {@code ^[}, {@code BEL} as {@code ^G}, DEL as
 * {@code ^?}), C1 controls (U+0080 to U+009F, e.g. the one-character CSI U+009B) as {@code <U+009B>}, and
 * bytes that are not UTF-8 as {@code <9B>}. Tab stays a tab; every other UTF-8 character (accents, CJK,
 * emoji) is written unchanged, so the line stays readable.
 */
final class VisibleControls {

    private static final byte TAB = '\t';
    private static final byte DEL = 0x7f;

    private VisibleControls() {
    }

    /** Writes {@code buf[off, off+len)} to {@code out}, controls made visible. */
    static void write(RenderBuffer out, byte[] buf, int off, int len) throws IOException {
        int end = off + len;
        int safeFrom = off;
        int at = off;
        while (at < end) {
            int b = buf[at] & 0xff;
            if (b >= 0x20 && b < DEL || b == TAB) {
                at++;
                continue;
            }
            int sequence = b < 0x80 ? 0 : utf8Length(buf, at, end);
            if (sequence > 0 && !isC1(buf, at, sequence)) {
                at += sequence;
                continue;
            }
            out.write(buf, safeFrom, at - safeFrom);
            if (b < 0x20 || b == DEL) {
                out.write('^');
                out.write(b == DEL ? '?' : b + 0x40);
                at++;
            } else if (sequence > 0) {
                int codePoint = (b & 0x1f) << 6 | buf[at + 1] & 0x3f;
                out.write(String.format("<U+%04X>", codePoint).getBytes(StandardCharsets.US_ASCII));
                at += sequence;
            } else {
                out.write(String.format("<%02X>", b).getBytes(StandardCharsets.US_ASCII));
                at++;
            }
            safeFrom = at;
        }
        out.write(buf, safeFrom, end - safeFrom);
    }

    /**
     * {@code text} with its control characters shown as {@link #write} shows them in a line's bytes (text that
     * was not UTF-8 is already U+FFFD here); with {@code keepLineBreaks}, {@code \n} stays a line break.
     */
    static String visible(String text, boolean keepLineBreaks) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\t' && !(keepLineBreaks && c == '\n') || c >= DEL && c <= 0x9f;
            if (!control) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (c < 0x20 || c == DEL) {
                out.append('^').append(c == DEL ? '?' : (char) (c + 0x40));
            } else {
                out.append(String.format("<U+%04X>", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** A C1 control is the two-byte UTF-8 sequence C2 80 to C2 9F. */
    private static boolean isC1(byte[] buf, int at, int sequence) {
        return sequence == 2 && (buf[at] & 0xff) == 0xc2 && (buf[at + 1] & 0xff) <= 0x9f;
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code at} (Unicode's table 3-7: no overlong forms,
     * no surrogates, nothing above U+10FFFF), or 0 when the byte there does not start one.
     */
    private static int utf8Length(byte[] buf, int at, int end) {
        int lead = buf[at] & 0xff;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            secondMin = lead == 0xe0 ? 0xa0 : 0x80;
            secondMax = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            secondMin = lead == 0xf0 ? 0x90 : 0x80;
            secondMax = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (at + length > end) {
            return 0;
        }
        int second = buf[at + 1] & 0xff;
        if (second < secondMin || second > secondMax) {
            return 0;
        }
        for (int i = 2; i < length; i++) {
            int next = buf[at + i] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return 0;
            }
        }
        return length;
    }
}
