package io.jdtail.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;

/**
 * The hand-read tokens are those of the grammar: QueryLanguageLexer.g4's generated lexer is the oracle, token by token
 * (type, text, code point range, line, column), on any text, on token soup, and on real queries.
 */
class QueryTokenizerProperties {

    private static final List<String> PIECES = List.of(
            "select", "SELECT", "SeLeCt", "selectx", "from", "where", "group", "by", "order", "rorder", "set", "interval",
            "limit", "outfile", "OUTFILE", "append", "Append", "logformat", "asc", "desc", "and", "eq", "ne", "contains",
            "ncontains", "lacks", "hasprefix", "nhasprefix", "hassuffix", "nhassuffix", "==", "!=", "<", "<=", "=<", ">",
            ">=", "=>", "=", ",", "(", ")", "*", ";", ";;", "count", "x", "$x", "$", "$1", "$line", "a.b-c", "_a", "`q`",
            "`", "``", "```", "`a``", "`a``b`", "\"s\"", "\"", "\"\\q\"", "\"a\\\"b\"", "\"\\", "\\", "'", "'a'", "'a",
            "0", "-1", "-", "1.5", "1.", "1.5.2", "5s", "500ms", "1.5m", "1e5", "5x", "0ms", "99999999999999999999",
            "csv", "%", "\n", "\t", "\r\n", "\f", "\r", "\u00e9", "\u017f", "\u212a", "\uD83D\uDE00", "\uD83D", "#",
            "/tmp/x.csv", "./r-1_2.csv", "a;b", "a;;b", "out.csv;", "~/o\\ut", "/", "limit;x", "append;");

    @Property(tries = 1000)
    void anyTextIsReadAsTheGrammarsLexerReadsIt(@ForAll("texts") String text) {
        assertEquals(antlr(text), handRead(text), text);
    }

    @Property(tries = 1000)
    void tokenSoupIsReadAsTheGrammarsLexerReadsIt(@ForAll("soup") String text) {
        assertEquals(antlr(text), handRead(text), text);
    }

    @Property(tries = 200)
    void queriesAreReadAsTheGrammarsLexerReadsThem(@ForAll("queries") String text) {
        assertEquals(antlr(text), handRead(text), text);
    }

    @Example
    void theOutfileModeAndItsKeywordsAsTheGrammarHasThem() {
        for (String text : List.of("select x outfile a.csv limit 5", "select x outfile append \"b c\"",
                "outfile limit 5", "outfile append append x", "outfile `p` where", "outfile ;x", "outfile a;b;;c; d",
                "OUTFILE Limit", "outfile \"open", "outfile `open", "outfile\n\tx\ny", "")) {
            assertEquals(antlr(text), handRead(text), text);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("selctfromwhupaSEL $`\"'\\(),=<>!*;0-9.\n\r\t\f-_e\u00e9").ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> soup() {
        return Combinators.combine(Arbitraries.of(PIECES), Arbitraries.of(" ", "", "", "\n")).as(String::concat)
                .list().ofMaxSize(12).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> queries() {
        return QueryArbitraries.queries().map(QueryFormatter::format);
    }

    private static List<String> handRead(String text) {
        return tokens(new QueryTokenizer(CharStreams.fromString(text)));
    }

    private static List<String> antlr(String text) {
        QueryLanguageLexer lexer = new QueryLanguageLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        return tokens(lexer);
    }

    /** Every token up to EOF, each as type, range, line:column and text; then the source's final position. */
    private static List<String> tokens(TokenSource source) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Token t = source.nextToken();
            all.add(t.getType() + " " + t.getStartIndex() + ".." + t.getStopIndex() + " " + t.getLine() + ":"
                    + t.getCharPositionInLine() + " " + t.getChannel() + " [" + t.getText() + "]");
            if (t.getType() == Token.EOF) {
                all.add("at " + source.getLine() + ":" + source.getCharPositionInLine());
                return all;
            }
        }
        throw new AssertionError("no EOF after 10,000 tokens");
    }
}
