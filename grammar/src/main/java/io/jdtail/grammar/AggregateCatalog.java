package io.jdtail.grammar;

import java.util.List;
import java.util.Optional;

/**
 * The aggregations a parser accepts, by name. The engine provides one made of its registered
 * aggregate plug-ins; the parser knows no aggregation by itself.
 */
public interface AggregateCatalog {

    /** The aggregation called {@code name} (lower case; a name or an alias). */
    Optional<? extends AggregateSignature> byName(String name);

    /** The canonical names in the order an "expected one of" message lists them. */
    List<String> names();
}
