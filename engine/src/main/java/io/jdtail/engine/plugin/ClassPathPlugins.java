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
        List<PluginIndex.IndexedJar> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path absolute = Path.of(entry).toAbsolutePath().normalize();
            PluginIndex.IndexedJar jar = absolute.startsWith(lib)
                    ? index.jars().get(lib.relativize(absolute).toString().replace(File.separatorChar, '/'))
                    : null;
            File file = absolute.toFile();
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
