package io.jdtail.grammar;

import static io.jdtail.grammar.QueryLanguageLexer.*;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Stops at the first syntax error and turns it into one {@link ParsingException} that names the
 * offending text and, in words, what could have come there. No recovery, no console output.
 *
 * <p>{@link #sync} checks the next token against the exact follow set of the current parser state
 * (including what the enclosing rules accept), so an error is reported at the first token that
 * cannot continue the query, with a complete list of alternatives: after {@code select x} that list
 * is {@code ','} or a clause, not just the clauses.
 */
final class ErrorStrategy extends DefaultErrorStrategy {

    static final String CLAUSES =
            "a clause (select, from, where, group by, order by, rorder by, set, interval, limit, outfile, logformat)";
    static final String OPERATORS = "an operator (==, !=, <, <=, >, >=, eq, ne, contains, ncontains, lacks, "
            + "hasprefix, nhasprefix, hassuffix, nhassuffix)";

    private static final int[] CLAUSE_TOKENS =
            {SELECT, FROM, WHERE, GROUP, ORDER, RORDER, SET, INTERVAL, LIMIT, OUTFILE, LOGFORMAT};
    private static final int[] OPERATOR_TOKENS = {EQEQ, NEQ, LT, LE, GT, GE, EQ, NE, CONTAINS, NCONTAINS, LACKS,
        HASPREFIX, NHASPREFIX, HASSUFFIX, NHASSUFFIX};
    private static final int[] FIELD_TOKENS = {IDENT, VARIABLE, BACKTICK_NAME, STAR};
    /** Single tokens worth naming, in the order they are listed. */
    private static final int[] PLAIN_TOKENS = {COMMA, AND, RPAREN, ASSIGN, BY, APPEND, ASC, DESC};

    private static final int MAX_SHOWN = 40;

    private final String query;

    ErrorStrategy(String query) {
        this.query = query;
    }

    @Override
    public void sync(Parser recognizer) {
        int la = recognizer.getInputStream().LA(1);
        ATNState state = recognizer.getInterpreter().atn.states.get(recognizer.getState());
        if (recognizer.getATN().nextTokens(state).contains(la)) {
            return;
        }
        IntervalSet expected = recognizer.getExpectedTokens();
        if (expected.contains(la)) {
            return;
        }
        throw error(recognizer, recognizer.getCurrentToken(), expected);
    }

    @Override
    public Token recoverInline(Parser recognizer) {
        throw error(recognizer, recognizer.getCurrentToken(), recognizer.getExpectedTokens());
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        Token offending = e.getOffendingToken() != null ? e.getOffendingToken() : recognizer.getCurrentToken();
        IntervalSet expected = e.getExpectedTokens() != null ? e.getExpectedTokens() : recognizer.getExpectedTokens();
        throw error(recognizer, offending, expected);
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        throw error(recognizer, recognizer.getCurrentToken(), recognizer.getExpectedTokens());
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        throw error(recognizer, recognizer.getCurrentToken(), recognizer.getExpectedTokens());
    }

    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        // reportError always throws first.
        throw new IllegalStateException("no recovery from syntax errors", e);
    }

    private ParsingException error(Parser recognizer, Token offending, IntervalSet expected) {
        int[] pos = position(recognizer.getInputStream(), offending);
        return new ParsingException(query, pos[0], pos[1], reason(offending, expected, ruleOf(recognizer)));
    }

    /** The rule whose vocabulary names the expected tokens (a bare field rule speaks for its caller). */
    private static int ruleOf(Parser recognizer) {
        ParserRuleContext ctx = recognizer.getContext();
        while (ctx != null && ctx.getRuleIndex() == QueryLanguageParser.RULE_field && ctx.getParent() != null) {
            ctx = ctx.getParent();
        }
        return ctx == null ? -1 : ctx.getRuleIndex();
    }

    /**
     * Where to point: the offending token; for the end of the query, just after the last token
     * (not on a trailing empty line).
     */
    static int[] position(TokenStream tokens, Token offending) {
        if (offending.getType() == Token.EOF && offending.getTokenIndex() > 0) {
            Token previous = tokens.get(offending.getTokenIndex() - 1);
            String text = previous.getText();
            return Positions.after(previous.getLine(), previous.getCharPositionInLine() + 1, text);
        }
        if (offending.getType() == Token.EOF) {
            return new int[] {1, 1};
        }
        return new int[] {offending.getLine(), offending.getCharPositionInLine() + 1};
    }

    static String reason(Token offending, IntervalSet expected, int rule) {
        switch (offending.getType()) {
            case UNTERMINATED_STRING:
                return "unterminated string, missing the closing '\"'";
            case UNTERMINATED_BACKTICK:
                return "unterminated backtick-quoted name, missing the closing '`'";
            case SINGLE_QUOTED:
                return singleQuoted(offending.getText());
            default:
                break;
        }
        String shown = offending.getType() == Token.EOF ? "end of query" : quote(offending.getText());
        String wanted = describe(expected, rule);
        return wanted.isEmpty() ? "unexpected " + shown : "unexpected " + shown + ", expected " + wanted;
    }

    /** Shows how {@code 'abc'} is written: {@code "abc"}, escaped as a string needs. */
    private static String singleQuoted(String text) {
        if (text.length() < 2 || !text.endsWith("'")) {
            return "strings use double quotes (\"...\"), not single quotes";
        }
        String inner = text.substring(1, text.length() - 1);
        return "strings use double quotes: \"" + inner.replace("\\", "\\\\").replace("\"", "\\\"") + "\", not " + text;
    }

    /** Names a set of token types in words, e.g. {@code ',' or a clause (select, ...)}. */
    static String describe(IntervalSet expected, int rule) {
        List<String> parts = new ArrayList<>();
        if (containsAny(expected, FIELD_TOKENS)) {
            parts.add(switch (rule) {
                case QueryLanguageParser.RULE_selectClause, QueryLanguageParser.RULE_selectItem,
                        QueryLanguageParser.RULE_orderByClause -> "a field or aggregation";
                case QueryLanguageParser.RULE_assignment, QueryLanguageParser.RULE_setClause -> "a $variable";
                case QueryLanguageParser.RULE_expression -> "a field or function";
                case QueryLanguageParser.RULE_fromClause -> "a table name";
                case QueryLanguageParser.RULE_logformatClause -> "a log format name";
                // Between where conditions (or right after where), a field, string or number
                // starts the next condition.
                case QueryLanguageParser.RULE_whereClause -> "a condition";
                default -> "a field";
            });
        }
        boolean named = rule == QueryLanguageParser.RULE_fromClause || rule == QueryLanguageParser.RULE_logformatClause;
        boolean condition = rule == QueryLanguageParser.RULE_whereClause; // "a condition" covers them
        if (expected.contains(BARE_PATH)) {
            parts.add("a file path"); // quoted or bare
        } else if (expected.contains(STRING) && !named && !condition) {
            parts.add("a string");
        }
        if (expected.contains(DURATION)) {
            parts.add("a duration (e.g. 5, 500ms, 60s, 5m, 1h)");
        } else if (expected.contains(NUMBER) && !condition) {
            parts.add("a number");
        }
        if (containsAll(expected, OPERATOR_TOKENS)) {
            parts.add(OPERATORS);
        }
        for (int t : PLAIN_TOKENS) {
            if (expected.contains(t)) {
                parts.add(quote(literalOf(t)));
            }
        }
        if (containsAll(expected, CLAUSE_TOKENS)) {
            parts.add(CLAUSES);
        } else if (expected.contains(Token.EOF)) {
            parts.add("end of query");
        }
        if (parts.isEmpty() && expected.contains(LPAREN)) {
            parts.add("'('");
        }
        return join(parts);
    }

    private static String literalOf(int type) {
        String literal = QueryLanguageLexer.VOCABULARY.getLiteralName(type);
        return literal.substring(1, literal.length() - 1);
    }

    private static boolean containsAny(IntervalSet set, int[] types) {
        for (int t : types) {
            if (set.contains(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAll(IntervalSet set, int[] types) {
        for (int t : types) {
            if (!set.contains(t)) {
                return false;
            }
        }
        return true;
    }

    static String join(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.getFirst();
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.getLast();
    }

    /** {@code 'text'}, control characters escaped, long text shortened. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (shown++ == MAX_SHOWN) {
                out.append("...");
                break;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }
}
