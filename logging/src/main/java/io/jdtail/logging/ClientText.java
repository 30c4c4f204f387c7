package io.jdtail.logging;

/**
 * Text a client sent (file names, a query, a regex, a user name), made safe to log: a newline, a carriage return
 * or any other control character would let a client forge lines in dserver's log, so each becomes a visible
 * escape ({@code \n}, {@code \r}, {@code \t}, {@code \x1b}, {@code \u2028}), and a backslash is doubled so that an
 * escape the client typed cannot pass for one made here.
 */
public final class ClientText {

    private ClientText() {
    }

    /** {@code text} (its {@code toString()}; a collection's elements too) with control characters escaped. */
    public static String escape(Object text) {
        String s = String.valueOf(text);
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = escaped(c);
            if (escaped == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            out.append(escaped);
        }
        return out == null ? s : out.toString();
    }

    private static String escaped(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085'
                    ? (c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c))
                    : null;
        };
    }
}
