/*
 * The tokens of the jdtail query language (see QueryLanguageParser.g4 for the syntax). Keywords
 * are case-insensitive. Every keyword here must be listed in io.jdtail.ast.Keywords (a test
 * checks it).
 *
 * The lexer never fails: unterminated quotes and stray characters become tokens of their own that
 * no parser rule accepts, so the parser reports them with a position like every other error.
 */
lexer grammar QueryLanguageLexer;

options { caseInsensitive = true; }

@members {
    /**
     * Action of BARE_PATH: a bare word after outfile that spells a reserved word is that keyword
     * ("outfile limit 5" is a missing path followed by a limit clause, not a file named limit).
     * "append" keeps the lexer in OUTFILE_MODE because the path comes next; any other word ends it.
     */
    private void bareOutfileWord() {
        String word = getText().toLowerCase(java.util.Locale.ROOT);
        if (word.equals("append")) {
            setType(APPEND);
            return;
        }
        popMode();
        String quoted = "'" + word + "'";
        for (int t = 1; t <= VOCABULARY.getMaxTokenType(); t++) {
            if (quoted.equals(VOCABULARY.getLiteralName(t)) && Character.isLetter(word.charAt(0))) {
                setType(t); // only keywords have literal names made of letters
                return;
            }
        }
    }
}

SELECT     : 'select';
FROM       : 'from';
WHERE      : 'where';
GROUP      : 'group';
BY         : 'by';
ORDER      : 'order';
RORDER     : 'rorder';
SET        : 'set';
INTERVAL   : 'interval';
LIMIT      : 'limit';
OUTFILE    : 'outfile' -> pushMode(OUTFILE_MODE);
APPEND     : 'append';
LOGFORMAT  : 'logformat';
ASC        : 'asc';
DESC       : 'desc';
AND        : 'and';

EQ         : 'eq';
NE         : 'ne';
CONTAINS   : 'contains';
NCONTAINS  : 'ncontains';
LACKS      : 'lacks';
HASPREFIX  : 'hasprefix';
NHASPREFIX : 'nhasprefix';
HASSUFFIX  : 'hassuffix';
NHASSUFFIX : 'nhassuffix';

EQEQ       : '==';
NEQ        : '!=';
LE         : '<=' | '=<';
GE         : '>=' | '=>';
LT         : '<';
GT         : '>';
ASSIGN     : '=';
COMMA      : ',';
LPAREN     : '(';
RPAREN     : ')';
STAR       : '*';
SEMI       : ';';

/** A number glued to a unit: 500ms, 60s, 1.5m (only valid after interval). */
DURATION   : '-'? DIGITS ('.' DIGITS)? [a-z]+;
NUMBER     : '-'? DIGITS ('.' DIGITS)?;
VARIABLE   : '$' ID_START ID_PART*;
IDENT      : ID_START ID_PART*;
BACKTICK_NAME : '`' (~'`' | '``')* '`';
STRING     : '"' (~["\\] | '\\' .)* '"';

/** Only ever matched when the closing quote is missing (the terminated rules match longer). */
UNTERMINATED_BACKTICK : '`' (~'`' | '``')*;
UNTERMINATED_STRING   : '"' (~["\\] | '\\' .)*;

WS         : [ \t\r\n\f]+ -> skip;

/**
 * Text in single quotes (closed on its line or not): no parser rule accepts it, and the error says
 * that strings use double quotes. DTail read 'abc' as a field named 'abc', silently absent.
 */
SINGLE_QUOTED : '\'' ~['\r\n]* '\''?;
/** Anything else; no parser rule accepts it. */
ERROR_CHAR : .;

fragment DIGITS   : [0-9]+;
fragment ID_START : [a-z_];
fragment ID_PART  : [a-z0-9_.\-];
/** Anything but whitespace, quotes, backticks and ';'. */
fragment PATH_CHAR : ~[ \t\r\n\f"`;];

// ---------------------------------------------------------------------------------------------
// After "outfile" (and "outfile append") the lexer reads one path, quoted or bare, and returns to
// the default mode. A bare path runs until whitespace, so a path containing spaces must be
// quoted ("outfile \"my results.csv\""). Quotes are also needed for a path that contains '"' or
// '`', that starts or ends with ';' (a trailing ';' ends the query: "outfile out.csv;"), or that
// is a reserved word ("outfile \"limit\""). Everything else - dmap.csv.tmp, /tmp/x/result.csv,
// ./rel/path-1_2.csv, ~/out.csv, C:\out.csv - is a bare path, taken verbatim (no escapes).
// Only this mode knows BARE_PATH: elsewhere numbers, names with dots or dashes and $variables
// lex as before.

mode OUTFILE_MODE;

OUTFILE_WS : [ \t\r\n\f]+ -> skip;
OUTFILE_STRING : '"' (~["\\] | '\\' .)* '"' -> type(STRING), popMode;
OUTFILE_BACKTICK_NAME : '`' (~'`' | '``')* '`' -> type(BACKTICK_NAME), popMode;
OUTFILE_UNTERMINATED_BACKTICK : '`' (~'`' | '``')* -> type(UNTERMINATED_BACKTICK), popMode;
OUTFILE_UNTERMINATED_STRING : '"' (~["\\] | '\\' .)* -> type(UNTERMINATED_STRING), popMode;
OUTFILE_SEMI : ';' -> type(SEMI), popMode;
/** A bare path: ';' only between path characters. May turn into a keyword, see bareOutfileWord. */
BARE_PATH : PATH_CHAR+ (';'+ PATH_CHAR+)* { bareOutfileWord(); };
