/**
 * The query language front end: {@link io.jdtail.grammar.QueryParser} turns query text into the
 * immutable AST of {@code io.jdtail.ast} or throws one {@link io.jdtail.grammar.ParsingException}
 * with line:column and a caret; {@link io.jdtail.grammar.QueryFormatter} writes an AST back as
 * canonical text. The ANTLR grammars are {@code QueryLanguageLexer.g4} and
 * {@code QueryLanguageParser.g4}; their generated classes
 * ({@code QueryLanguageLexer}, {@code QueryLanguageParser}, ...) are implementation details. The
 * tokens are read by {@code QueryTokenizer}, by hand, to the lexer grammar's rules (its generated
 * lexer costs every query's first parse ~10 ms of start-up); the generated lexer is its test oracle.
 * A change to {@code QueryLanguageLexer.g4} needs the same change there (QueryTokenizerProperties
 * fails until it has it).
 */
package io.jdtail.grammar;
