/*
 * The jdtail map-reduce query language (a superset of DTail's): the parser. The tokens come from
 * QueryLanguageLexer.g4 (a separate lexer grammar because reading an outfile path needs a lexer
 * mode, which combined grammars do not allow). Named QueryLanguageParser, not QueryParser, which
 * would clash with the io.jdtail.grammar.QueryParser facade.
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
 * DTail compatibility: "by" after group/order/rorder is optional; commas may repeat and trail in
 * the lists of select, where, group by and set ("select a,, b,"), as DTail reads a comma as
 * whitespace (items other than where conditions still need one comma between them, so that a
 * misspelt keyword is an error, not a field); where conditions may be
 * separated by ",", by "and" or by nothing but whitespace ("where a < 1 b eq 2"); a where clause
 * may be empty ("where" alone, or directly followed by another clause); "=<" and "=>" are "<="
 * and ">="; an outfile path may be written without quotes ("outfile dmap.csv.tmp"); and a
 * trailing ";" is ignored. All of these parse to the same AST as the canonical form the
 * formatter writes (commas, no empty where, quoted path).
 */
parser grammar QueryLanguageParser;

options { tokenVocab = QueryLanguageLexer; }

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

/** Items separated by commas; as DTail reads them, commas may also repeat and trail ("select a,, b,"). */
selectClause
    : SELECT selectItem (COMMA+ selectItem?)*
    ;

/** {@code field} or {@code agg(field[, argument ...])}; also the key of order by. */
selectItem
    : IDENT call?
    | VARIABLE
    | BACKTICK_NAME
    | STAR
    ;

/**
 * Argument list of an aggregation or a function; names, argument counts and kinds are checked by
 * AstBuilder (against the engine's aggregate catalog), so that errors can name the function.
 */
call
    : LPAREN (operand (COMMA operand)*)? RPAREN
    ;

fromClause
    : FROM table=(IDENT | BACKTICK_NAME | STRING)
    ;

/** Conditions separated by ",", "and" or just whitespace (as in DTail); none at all is allowed. */
whereClause
    : WHERE (condition COMMA* (AND condition COMMA*)*)*
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
    : GROUP BY? field (COMMA+ field?)*
    ;

orderByClause
    : (ORDER | RORDER) BY? selectItem direction=(ASC | DESC)?
    ;

setClause
    : SET assignment (COMMA+ assignment?)*
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
