package io.jdtail.engine.aggregate;

import io.jdtail.grammar.AggregateCatalog;
import io.jdtail.engine.plugin.Plugins;
import io.jdtail.grammar.AggregateSignature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aggregates on the class path, found as {@link java.util.ServiceLoader} finds them ({@link Plugins}), by name and by wire tag.
 * It is the parser's {@link AggregateCatalog}: a query may call exactly these. Loading checks the
 * plug-ins agree (names, aliases and tags unique, the first argument a field, one aggregate for
 * bare fields), so a clash is found at start-up, not in a result.
 */
public final class Aggregates implements AggregateCatalog {

    private static final int MAX_TAG = 255;

    /** Loaded on first use: the engine's own aggregates and plug-ins on the engine's class path. */
    private static final class Installed {
        static final Aggregates INSTANCE = load(Aggregates.class.getClassLoader());
    }

    private final List<Aggregate> all;
    private final Map<String, Aggregate> byName;
    private final Aggregate[] byTag = new Aggregate[MAX_TAG + 1];
    private final Aggregate bareField;

    private Aggregates(List<Aggregate> found) {
        List<Aggregate> sorted = new ArrayList<>(found);
        // not Comparator.comparingInt: its serializable lambda is spun at run time (the start-up cache keeps none)
        sorted.sort((a, b) -> Integer.compare(a.wireTag(), b.wireTag()));
        this.all = Collections.unmodifiableList(sorted);
        Map<String, Aggregate> names = new HashMap<>();
        Aggregate bare = null;
        for (Aggregate a : sorted) {
            int tag = a.wireTag();
            if (tag < 1 || tag > MAX_TAG) {
                throw new IllegalStateException("aggregate " + describe(a) + " has wire tag " + tag + ", expected 1 to " + MAX_TAG);
            }
            if (byTag[tag] != null) {
                throw new IllegalStateException("aggregates " + describe(byTag[tag]) + " and " + describe(a)
                        + " both have wire tag " + tag);
            }
            byTag[tag] = a;
            if (a.parameters().isEmpty() || a.parameters().getFirst() != AggregateSignature.Parameter.FIELD) {
                throw new IllegalStateException("aggregate " + describe(a) + " must take a field as its first argument");
            }
            List<String> all = new ArrayList<>(a.aliases());
            all.addFirst(a.name());
            for (String name : all) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalStateException("aggregate " + describe(a) + " has the name '" + name
                            + "', expected lower-case letters, digits and '_'");
                }
                Aggregate previous = names.putIfAbsent(name, a);
                if (previous != null) {
                    throw new IllegalStateException("aggregates " + describe(previous) + " and " + describe(a)
                            + " are both called '" + name + "'");
                }
            }
            if (a.meansBareField()) {
                if (bare != null) {
                    throw new IllegalStateException("aggregates " + describe(bare) + " and " + describe(a)
                            + " both claim bare selected fields");
                }
                bare = a;
            }
        }
        if (bare == null) {
            throw new IllegalStateException("no aggregate for bare selected fields among " + names.keySet());
        }
        this.byName = Map.copyOf(names);
        this.bareField = bare;
    }

    /** Loads every {@link Aggregate} the given class loader sees. */
    public static Aggregates load(ClassLoader loader) {
        return of(Plugins.find(Aggregate.class, loader));
    }

    /** A registry of exactly these aggregates, checked as {@link #load} checks plug-ins. */
    static Aggregates of(List<Aggregate> aggregates) {
        return new Aggregates(aggregates);
    }

    /** The aggregates on the engine's class path (loaded once). */
    public static Aggregates installed() {
        return Installed.INSTANCE;
    }

    @Override
    public Optional<Aggregate> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The aggregate of a wire tag; a tag nobody registered is a peer error, not a guess. */
    public Aggregate byTag(int tag) throws IOException {
        Aggregate a = tag >= 0 && tag <= MAX_TAG ? byTag[tag] : null;
        if (a == null) {
            throw new IOException("unknown aggregate state tag " + tag);
        }
        return a;
    }

    /** The aggregate a bare selected field means (its last value). */
    public Aggregate bareField() {
        return bareField;
    }

    /** Every aggregate, by wire tag. */
    public List<Aggregate> all() {
        return all;
    }

    @Override
    public List<String> names() {
        return all.stream().map(Aggregate::name).toList();
    }

    private static String describe(Aggregate a) {
        return "'" + a.name() + "' (" + a.getClass().getName() + ")";
    }
}
