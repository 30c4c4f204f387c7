package io.jdtail.engine.plugin;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;

/**
 * A class path made only of the jars a {@link PluginIndex} describes, each of the size and time it had when the index
 * was written: its plug-ins are known without opening a jar. The answer is {@link java.util.ServiceLoader}'s: the
 * providers in class path order, each class once, made with its public no-argument constructor.
 *
 * @param jars the class path's jars, in order, as the index recorded them
 */
record ClassPathPlugins(List<PluginIndex.IndexedJar> jars) {

    /**
     * The plug-ins of {@code classPath} ({@code java.class.path}) when every entry is a jar of {@code lib} that {@code
     * index} describes as it is now; empty otherwise (a jar dropped into {@code lib/}, a changed one, a directory), for
     * ServiceLoader to search.
     */
    static Optional<ClassPathPlugins> of(String classPath, Path lib, PluginIndex index) {
        // plain string work (this runs at every command's start, in the interpreter): bin/jdtail-launch names each jar
        // as lib/NAME; an entry spelt otherwise (relative, with "..") is not recognised, and ServiceLoader searches
        String prefix = lib + File.separator;
        List<PluginIndex.IndexedJar> jars = new ArrayList<>();
        int start = 0;
        while (start <= classPath.length()) {
            int end = classPath.indexOf(File.pathSeparatorChar, start);
            if (end < 0) {
                end = classPath.length();
            }
            String entry = classPath.substring(start, end);
            start = end + 1;
            if (entry.isEmpty()) {
                continue;
            }
            PluginIndex.IndexedJar jar = entry.startsWith(prefix)
                    ? index.jars().get(entry.substring(prefix.length()).replace(File.separatorChar, '/'))
                    : null;
            File file = new File(entry);
            if (jar == null || file.length() != jar.size() || file.lastModified() != jar.lastModified()) {
                return Optional.empty();
            }
            jars.add(jar);
        }
        return Optional.of(new ClassPathPlugins(List.copyOf(jars)));
    }

    /** The class names the class path offers for {@code type}, in class path order, each once. */
    Set<String> providerNames(String type) {
        Set<String> names = new LinkedHashSet<>();
        for (PluginIndex.IndexedJar jar : jars) {
            names.addAll(jar.providers().getOrDefault(type, List.of()));
        }
        return names;
    }

    /** The providers of {@code type}, loaded by {@code loader}; a failure is ServiceLoader's error. */
    <T> List<T> providers(Class<T> type, ClassLoader loader) {
        List<T> found = new ArrayList<>();
        for (String name : providerNames(type.getName())) {
            found.add(type.cast(instantiate(type, name, loader)));
        }
        return found;
    }

    private static Object instantiate(Class<?> type, String name, ClassLoader loader) {
        Class<?> provider;
        try {
            provider = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new ServiceConfigurationError(type.getName() + ": Provider " + name + " not found", e);
        }
        if (!type.isAssignableFrom(provider)) {
            throw new ServiceConfigurationError(type.getName() + ": Provider " + name + " not a subtype");
        }
        try {
            return provider.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ServiceConfigurationError(type.getName() + ": Provider " + name
                    + " must be public with a public constructor that takes no arguments", e);
        } catch (InstantiationException | InvocationTargetException e) {
            throw new ServiceConfigurationError(type.getName() + ": Provider " + name + " could not be instantiated",
                    e instanceof InvocationTargetException i ? i.getCause() : e);
        }
    }
}
