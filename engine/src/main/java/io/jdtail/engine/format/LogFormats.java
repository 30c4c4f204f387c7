package io.jdtail.engine.format;

import io.jdtail.engine.plugin.Plugins;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The log formats on the class path, found as {@link java.util.ServiceLoader} finds them ({@link Plugins}). */
public final class LogFormats {

    /** The formats by name, found when first asked for (see {@link #onFirstUse}). */
    private final Supplier<Map<String, LogFormat>> byName;

    private LogFormats(Supplier<Map<String, LogFormat>> byName) {
        this.byName = byName;
    }

    /** Loads every {@link LogFormat} the given class loader sees. */
    public static LogFormats load(ClassLoader loader) {
        Map<String, LogFormat> found = find(loader);
        return new LogFormats(() -> found);
    }

    /**
     * The formats {@code loader} sees, looked for when first asked for: a command with no query never asks, and looking,
     * outside a distribution whose plug-in index describes its class path, opens and searches every jar of the class path
     * (a tenth of a small command's time).
     */
    public static LogFormats onFirstUse(ClassLoader loader) {
        return new LogFormats(new Supplier<>() {
            private Map<String, LogFormat> found;

            @Override
            public synchronized Map<String, LogFormat> get() {
                if (found == null) {
                    found = find(loader);
                }
                return found;
            }
        });
    }

    private static Map<String, LogFormat> find(ClassLoader loader) {
        Map<String, LogFormat> found = new TreeMap<>();
        for (LogFormat f : Plugins.find(LogFormat.class, loader)) {
            LogFormat previous = found.putIfAbsent(f.name(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two log formats are named '" + f.name() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(found);
    }

    public static LogFormats load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    public Optional<LogFormat> byName(String name) {
        return Optional.ofNullable(byName.get().get(name));
    }

    public Map<String, LogFormat> all() {
        return byName.get();
    }

    public boolean contains(String name) {
        return byName.get().containsKey(name);
    }
}
