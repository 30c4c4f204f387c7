package io.jdtail.engine.plugin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds plug-ins (log formats, aggregates, sinks, discoveries): what {@link ServiceLoader} finds, without opening a
 * jar when the distribution's {@link PluginIndex} describes its whole class path. The index is used for the application
 * class loader in a distribution ({@code -Djdtail.home}, set by bin/jdtail-launch, with {@code
 * lib/}{@value PluginIndex#FILE_NAME}) whose jars are the build's; any other loader, a run without an index (tests, an
 * IDE) or a class path with a jar the index does not describe as it is (a plug-in dropped into {@code lib/}) gets
 * ServiceLoader's search of every jar.
 */
public final class Plugins {

    private Plugins() {
    }

    /** The distribution's class path described by its index, read once; empty outside a distribution or beside a jar it does not describe. */
    private static final class Distribution {
        static final Optional<ClassPathPlugins> CLASS_PATH =
                of(System.getProperty("jdtail.home"), System.getProperty("java.class.path", ""));
    }

    /**
     * The plug-ins of {@code classPath} from the index in {@code home}/lib; empty without a home, an index, or one that
     * describes the class path. An index that cannot be read is passed over too: it only saves time, and ServiceLoader
     * finds the same plug-ins (the build's check-distribution fails when bin/dmap does not use the index).
     */
    static Optional<ClassPathPlugins> of(String home, String classPath) {
        if (home == null || home.isEmpty()) {
            return Optional.empty();
        }
        // as bin/jdtail-launch spells the jars of the class path: $home/lib/NAME
        Path lib = Path.of(home, "lib");
        try {
            return PluginIndex.read(lib.resolve(PluginIndex.FILE_NAME)).flatMap(index -> ClassPathPlugins.of(classPath, lib, index));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every {@code type} provider {@code loader} (null: the system class loader) sees, in class path order. */
    public static <T> List<T> find(Class<T> type, ClassLoader loader) {
        if (loader == null || loader == ClassLoader.getSystemClassLoader()) {
            loader = ClassLoader.getSystemClassLoader();   // null: ServiceLoader's word for the system class loader
            Optional<ClassPathPlugins> distribution = Distribution.CLASS_PATH;
            if (distribution.isPresent()) {
                return distribution.get().providers(type, loader);
            }
        }
        List<T> found = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(found::add);
        return found;
    }
}
