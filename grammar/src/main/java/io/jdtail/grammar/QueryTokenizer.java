package io.jdtail.grammar;

import static io.jdtail.grammar.QueryLanguageLexer.*;

import java.util.Locale;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonTokenFactory;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * The tokens of QueryLanguageLexer.g4, read by hand: the grammar stays the definition (and the test oracle,
 * QueryTokenizerTest), but ANTLR's generated lexer deserialises its ATN and builds its DFA on first use, in the
 * interpreter: about 10 ms of every dmap's start, for a query of a few dozen characters. Same rules, same choice: the
 * longest match, and among equally long ones the rule written first; the same token types, positions (code points;
 * lines and columns as ANTLR counts them) and modes.
 *
 * <p>Only the token type constants of the generated lexer are used: they are compile-time constants, so its class (and
 * its ATN) is never initialised.
 */
final class QueryTokenizer implements TokenSource {

    /** The keyword rules, in the grammar's order (it decides ties with IDENT: a keyword wins). */
    private static final String[] KEYWORDS = {"select", "from", "where", "group", "by", "order", "rorder", "set",
            "interval", "limit", "outfile", "append", "logformat", "asc", "desc", "and", "eq", "ne", "contains",
            "ncontains", "lacks", "hasprefix", "nhasprefix", "hassuffix", "nhassuffix"};
    private static final int[] KEYWORD_TYPES = {SELECT, FROM, WHERE, GROUP, BY, ORDER, RORDER, SET, INTERVAL, LIMIT,
            OUTFILE, APPEND, LOGFORMAT, ASC, DESC, AND, EQ, NE, CONTAINS, NCONTAINS, LACKS, HASPREFIX, NHASPREFIX,
            HASSUFFIX, NHASSUFFIX};

    private final CharStream input;
    private final Pair<TokenSource, CharStream> source;
    /** The input's code points, as the CharStream indexes them. */
    private final int[] text;
    private TokenFactory<?> factory = CommonTokenFactory.DEFAULT;
    private int index;
    private int line = 1;
    private int column;
    private boolean outfileMode;

    QueryTokenizer(CharStream input) {
        this.input = input;
        this.source = new Pair<>(this, input);
        this.text = new int[input.size()];
        for (int i = 0; i < text.length; i++) {
            text[i] = input.LA(i + 1);
        }
    }

    @Override
    public Token nextToken() {
        while (index < text.length) {
            int start = index;
            int startLine = line;
            int startColumn = column;
            long match = outfileMode ? outfileToken(start) : defaultToken(start);
            int type = (int) (match >> 32);
            int length = (int) match;
            consume(length);
            if (type == Token.INVALID_TYPE) {
                continue;   // whitespace: skipped
            }
            return factory.create(source, type, null, Token.DEFAULT_CHANNEL, start, start + length - 1, startLine, startColumn);
        }
        return factory.create(source, Token.EOF, null, Token.DEFAULT_CHANNEL, index, index - 1, line, column);
    }

    /** The longest match at {@code at} in the default mode, type in the high half (INVALID_TYPE: skip), length in the low. */
    private long defaultToken(int at) {
        Best best = new Best();
        for (int k = 0; k < KEYWORDS.length; k++) {
            if (startsWithIgnoringCase(at, KEYWORDS[k])) {
                best.offer(KEYWORD_TYPES[k], KEYWORDS[k].length());
            }
        }
        int c = text[at];
        int next = at + 1 < text.length ? text[at + 1] : -1;
        if (c == '=' && next == '=') {
            best.offer(EQEQ, 2);
        }
        if (c == '!' && next == '=') {
            best.offer(NEQ, 2);
        }
        if ((c == '<' && next == '=') || (c == '=' && next == '<')) {
            best.offer(LE, 2);
        }
        if ((c == '>' && next == '=') || (c == '=' && next == '>')) {
            best.offer(GE, 2);
        }
        switch (c) {
            case '<' -> best.offer(LT, 1);
            case '>' -> best.offer(GT, 1);
            case '=' -> best.offer(ASSIGN, 1);
            case ',' -> best.offer(COMMA, 1);
            case '(' -> best.offer(LPAREN, 1);
            case ')' -> best.offer(RPAREN, 1);
            case '*' -> best.offer(STAR, 1);
            case ';' -> best.offer(SEMI, 1);
            default -> { }
        }
        best.offer(DURATION, duration(at));
        best.offer(NUMBER, number(at));
        if (c == '$' && at + 1 < text.length && idStart(text[at + 1])) {
            best.offer(VARIABLE, idPartsFrom(at + 2) - at);
        }
        if (idStart(c)) {
            best.offer(IDENT, idPartsFrom(at + 1) - at);
        }
        if (c == '`') {
            long backtick = backtick(at);
            best.offer(BACKTICK_NAME, (int) (backtick >> 32));
            best.offer(UNTERMINATED_BACKTICK, (int) backtick);
        }
        if (c == '"') {
            long string = string(at);
            best.offer(STRING, (int) (string >> 32));
            best.offer(UNTERMINATED_STRING, (int) string);
        }
        int ws = at;
        while (ws < text.length && whitespace(text[ws])) {
            ws++;
        }
        best.offer(Token.INVALID_TYPE, ws - at);
        if (c == '\'') {
            int end = at + 1;
            while (end < text.length && text[end] != '\'' && text[end] != '\r' && text[end] != '\n') {
                end++;
            }
            best.offer(SINGLE_QUOTED, (end < text.length && text[end] == '\'' ? end + 1 : end) - at);
        }
        best.offer(ERROR_CHAR, 1);
        if (best.type == OUTFILE) {
            outfileMode = true;
        }
        return best.result();
    }

    /** The longest match at {@code at} after {@code outfile}: one path, quoted or bare, then the default mode again. */
    private long outfileToken(int at) {
        Best best = new Best();
        int ws = at;
        while (ws < text.length && whitespace(text[ws])) {
            ws++;
        }
        best.offer(Token.INVALID_TYPE, ws - at);
        int c = text[at];
        if (c == '"') {
            long string = string(at);
            best.offer(STRING, (int) (string >> 32));
        }
        if (c == '`') {
            long backtick = backtick(at);
            best.offer(BACKTICK_NAME, (int) (backtick >> 32));
            best.offer(UNTERMINATED_BACKTICK, (int) backtick);
        }
        if (c == '"') {
            best.offer(UNTERMINATED_STRING, (int) string(at));
        }
        if (c == ';') {
            best.offer(SEMI, 1);
        }
        best.offer(BARE_PATH, barePath(at));
        if (best.type == BARE_PATH) {
            best.type = bareOutfileWord(at, best.length);
        } else if (best.type != Token.INVALID_TYPE) {
            outfileMode = false;
        }
        return best.result();
    }

    /**
     * The lexer's action of BARE_PATH: a bare word that spells a keyword is that keyword, and ends the mode unless it is
     * {@code append} (the path comes next).
     */
    private int bareOutfileWord(int at, int length) {
        String word = new String(text, at, length).toLowerCase(Locale.ROOT);
        if (word.equals("append")) {
            return APPEND;
        }
        outfileMode = false;
        for (int k = 0; k < KEYWORDS.length; k++) {
            if (KEYWORDS[k].equals(word)) {
                return KEYWORD_TYPES[k];
            }
        }
        return BARE_PATH;
    }

    /** {@code PATH_CHAR+ (';'+ PATH_CHAR+)*}: its length at {@code at}, 0 when none. */
    private int barePath(int at) {
        int end = at;
        while (end < text.length && pathChar(text[end])) {
            end++;
        }
        if (end == at) {
            return 0;
        }
        while (true) {
            int semis = end;
            while (semis < text.length && text[semis] == ';') {
                semis++;
            }
            int path = semis;
            while (path < text.length && pathChar(text[path])) {
                path++;
            }
            if (semis == end || path == semis) {
                return end - at;
            }
            end = path;
        }
    }

    /** {@code '-'? DIGITS ('.' DIGITS)? [a-z]+}: its length at {@code at}, 0 when none. */
    private int duration(int at) {
        int end = at + number(at);
        if (end == at) {
            return 0;
        }
        // with its decimals or not: after the whole digits of "1.5x" comes '.', not a letter
        int letters = end;
        while (letters < text.length && letter(text[letters])) {
            letters++;
        }
        return letters == end ? 0 : letters - at;
    }

    /** {@code '-'? DIGITS ('.' DIGITS)?}: its length at {@code at}, 0 when none. */
    private int number(int at) {
        int digits = at < text.length && text[at] == '-' ? at + 1 : at;
        int end = digitsFrom(digits);
        if (end == digits) {
            return 0;
        }
        if (end + 1 < text.length && text[end] == '.' && digit(text[end + 1])) {
            end = digitsFrom(end + 1);
        }
        return end - at;
    }

    /**
     * A backtick name at {@code at} (on a backtick): the length of the longest closed one ({@code '`' (~'`' | '``')* '`'},
     * 0 when none) in the high half, of the longest unterminated one ({@code '`' (~'`' | '``')*}) in the low.
     */
    private long backtick(int at) {
        int closed = 0;
        int i = at + 1;
        while (i < text.length) {
            if (text[i] != '`') {
                i++;
            } else if (i + 1 < text.length && text[i + 1] == '`') {
                // an escaped backtick; closing the name at its first half would be shorter than the unterminated name
                i += 2;
            } else {
                closed = i + 1 - at;
                break;
            }
        }
        return ((long) closed << 32) | (i - at);
    }

    /**
     * A string at {@code at} (on a double quote): the length of the closed one ({@code '"' (~["\\] | '\\' .)* '"'}, 0
     * when none) in the high half, of the longest unterminated one ({@code '"' (~["\\] | '\\' .)*}) in the low.
     */
    private long string(int at) {
        int i = at + 1;
        while (i < text.length) {
            int c = text[i];
            if (c == '"') {
                return ((long) (i + 1 - at) << 32) | (i - at);
            }
            if (c == '\\') {
                if (i + 1 >= text.length) {
                    break;
                }
                i += 2;
            } else {
                i++;
            }
        }
        return i - at;
    }

    private int digitsFrom(int at) {
        int end = at;
        while (end < text.length && digit(text[end])) {
            end++;
        }
        return end;
    }

    private int idPartsFrom(int at) {
        int end = at;
        while (end < text.length && idPart(text[end])) {
            end++;
        }
        return end;
    }

    private boolean startsWithIgnoringCase(int at, String keyword) {
        if (at + keyword.length() > text.length) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            int c = text[at + i];
            // the grammar is case-insensitive for ASCII letters only (ANTLR adds each letter's other case)
            if (c != keyword.charAt(i) && c != keyword.charAt(i) - ('a' - 'A')) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean letter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean idStart(int c) {
        return letter(c) || c == '_';
    }

    private static boolean idPart(int c) {
        return letter(c) || digit(c) || c == '_' || c == '.' || c == '-';
    }

    private static boolean whitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
    }

    private static boolean pathChar(int c) {
        return !whitespace(c) && c != '"' && c != '`' && c != ';';
    }

    /** Consumes {@code length} code points, counting lines and columns as ANTLR's lexer does. */
    private void consume(int length) {
        for (int i = 0; i < length; i++) {
            if (text[index] == '\n') {
                line++;
                column = 0;
            } else {
                column++;
            }
            index++;
        }
    }

    /** The longest match offered so far; an equally long later one loses (the grammar's order decides). */
    private static final class Best {
        int type = Token.INVALID_TYPE;
        int length;

        void offer(int candidate, int candidateLength) {
            if (candidateLength > length) {
                type = candidate;
                length = candidateLength;
            }
        }

        long result() {
            return ((long) type << 32) | length;
        }
    }

    @Override
    public int getLine() {
        return line;
    }

    @Override
    public int getCharPositionInLine() {
        return column;
    }

    @Override
    public CharStream getInputStream() {
        return input;
    }

    @Override
    public String getSourceName() {
        return input.getSourceName();
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        this.factory = factory;
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return factory;
    }
}
