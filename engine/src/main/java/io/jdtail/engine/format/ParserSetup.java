package io.jdtail.engine.format;

import io.jdtail.engine.row.RowLayout;
import java.util.Optional;

/**
 * What a parser needs from the query: the table of {@code from TABLE} (empty when the query has no
 * from clause) and the slots of the fields the query references.
 */
public record ParserSetup(Optional<String> table, RowLayout layout) {
}
