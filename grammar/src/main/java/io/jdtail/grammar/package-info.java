/**
 * The query language front end: {@link io.jdtail.grammar.QueryParser} turns query text into the
 * immutable AST of {@code io.jdtail.ast} or throws one {@link io.jdtail.grammar.ParsingException}
 * with line:column and a caret; {@link io.jdtail.grammar.QueryFormatter} writes an AST back as
 * canonical text. The ANTLR grammars are {@code QueryLanguageLexer.g4} and
 * {@code QueryLanguageParser.g4}; their generated classes
 * ({@code QueryLanguageLexer}, {@code QueryLanguageParser}, ...) are implementation details.
 */
package io.jdtail.grammar;
