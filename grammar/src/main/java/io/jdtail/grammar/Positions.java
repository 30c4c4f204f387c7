package io.jdtail.grammar;

/** Line:column arithmetic inside token text, counting code points as ANTLR does (1-based). */
final class Positions {

    private Positions() {
    }

    /** The position of {@code text.charAt(index)} for text starting at {@code line:column}. */
    static int[] at(int line, int column, String text, int index) {
        int l = line;
        int c = column;
        for (int i = 0; i < index && i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        return new int[] {l, c};
    }

    /** The position just after text starting at {@code line:column}. */
    static int[] after(int line, int column, String text) {
        return at(line, column, text, text.length());
    }
}
