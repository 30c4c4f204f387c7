/*
 * The jdtail map-reduce query language (a superset of DTail's). Named QueryLanguage, not Query,
 * because ANTLR would generate a QueryParser that clashes with the io.jdtail.grammar.QueryParser
 * facade.
 *
 *   select S1[, S2 ...] [from TABLE] [where [C1[, C2 ...]]] [group by F1[, ...]]
 *   [order|rorder by ORDERFIELD [asc|desc]] [set $v1 = E1[, ...]] [interval N]
 *   [limit N] [outfile [append] "PATH"|PATH] [logformat NAME]
 *
 * Clauses may come in any order; that each appears at most once and that select is present is
 * checked by AstBuilder (it can name the offending clause). Keywords are case-insensitive.
 * Aggregation and function names are plain identifiers here, so an unknown one gets a semantic
 * error that lists the known ones.
 *
 * Every decision is LL(1): an error is always found at the first token that cannot continue the
 * query, and the set of tokens that could have come there is exact (see ErrorStrategy).
 *
 * DTail compatibility: "by" after group/order/rorder is optional; where conditions may be
 * separated by ",", by "and" or by nothing but whitespace ("where a < 1 b eq 2"); a where clause
 * may be empty ("where" alone, or directly followed by another clause); "=<" and "=>" are "<="
 * and ">="; an outfile path may be written without quotes ("outfile dmap.csv.tmp"); and a
 * trailing ";" is ignored. All of these parse to the same AST as the canonical form the
 * formatter writes (commas, no empty where, quoted path).
 *
 * The lexer never fails: unterminated quotes and stray characters become tokens of their own that
 * no parser rule accepts, so the parser reports them with a position like every other error.
 */
grammar QueryLanguage;

options { caseInsensitive = true; }

@lexer::members {
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

query
    : clause* SEMI? EOF
    ;

clause
    : selectClause
    | fromClause
    | whereClause
    | groupByClause
    | orderByClause
    | setClause
    | intervalClause
    | limitClause
    | outfileClause
    | logformatClause
    ;

selectClause
    : SELECT selectItem (COMMA selectItem)*
    ;

/** {@code field} or {@code agg(field)}; also the key of order by. */
selectItem
    : IDENT call?
    | VARIABLE
    | BACKTICK_NAME
    | STAR
    ;

/** Argument list of an aggregation or a function; names are checked by AstBuilder. */
call
    : LPAREN field? RPAREN
    ;

fromClause
    : FROM table=(IDENT | BACKTICK_NAME | STRING)
    ;

/** Conditions separated by ",", "and" or just whitespace (as in DTail); none at all is allowed. */
whereClause
    : WHERE (condition ((COMMA | AND)? condition)*)?
    ;

condition
    : left=operand compOp right=operand
    ;

operand
    : field
    | STRING
    | NUMBER
    ;

compOp
    : EQEQ | NEQ | LT | LE | GT | GE
    | EQ | NE | CONTAINS | NCONTAINS | LACKS | HASPREFIX | NHASPREFIX | HASSUFFIX | NHASSUFFIX
    ;

groupByClause
    : GROUP BY? field (COMMA field)*
    ;

orderByClause
    : (ORDER | RORDER) BY? selectItem direction=(ASC | DESC)?
    ;

setClause
    : SET assignment (COMMA assignment)*
    ;

assignment
    : target=field ASSIGN expression
    ;

/** A literal, a field, or {@code function(field)}. */
expression
    : IDENT call?
    | VARIABLE
    | BACKTICK_NAME
    | STAR
    | STRING
    | NUMBER
    ;

intervalClause
    : INTERVAL value=(NUMBER | DURATION)
    ;

limitClause
    : LIMIT NUMBER
    ;

/** The path is a string or a bare word (BARE_PATH, see the lexer's OUTFILE_MODE). */
outfileClause
    : OUTFILE APPEND? path=(STRING | BARE_PATH)
    ;

logformatClause
    : LOGFORMAT name=(IDENT | BACKTICK_NAME | STRING)
    ;

field
    : IDENT
    | VARIABLE
    | BACKTICK_NAME
    | STAR
    ;

// ---------------------------------------------------------------------------------------------
// Lexer. Every keyword here must be listed in io.jdtail.ast.Keywords (a test checks it).

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
