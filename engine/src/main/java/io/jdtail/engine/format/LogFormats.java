package io.jdtail.engine.format;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The log formats on the class path, found through {@link ServiceLoader}. */
public final class LogFormats {

    private final Map<String, LogFormat> byName;

    private LogFormats(Map<String, LogFormat> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Loads every {@link LogFormat} the given class loader sees. */
    public static LogFormats load(ClassLoader loader) {
        Map<String, LogFormat> found = new TreeMap<>();
        for (LogFormat f : ServiceLoader.load(LogFormat.class, loader)) {
            LogFormat previous = found.putIfAbsent(f.name(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two log formats are named '" + f.name() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new LogFormats(found);
    }

    public static LogFormats load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    public Optional<LogFormat> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, LogFormat> all() {
        return byName;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }
}
