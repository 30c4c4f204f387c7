package io.jdtail.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.aggregate.Aggregate;
import io.jdtail.engine.format.LogFormat;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's index of the distribution's service files, and the class paths it answers for. */
class PluginIndexTest {

    private static final String FORMAT = LogFormat.class.getName();
    private static final String AGGREGATE = Aggregate.class.getName();

    @TempDir
    Path lib;

    @Test
    void theIndexRecordsEveryServiceFileOfEveryJarAndReadsBackEqual() throws IOException {
        Path a = jar(lib.resolve("a.jar"), Map.of("META-INF/services/" + FORMAT,
                "# formats\n  x.First  # the first\n\nx.Second\nx.First\n", "META-INF/services/", ""), null);
        jar(Files.createDirectories(lib.resolve("clients")).resolve("b.jar"), Map.of("META-INF/services/" + AGGREGATE, "y.Sum\n"), null);
        jar(lib.resolve("c.jar"), Map.of("x/Plain.class", "not a service"), null);
        jar(lib.resolve("d.jar"), Map.of("META-INF/services/" + FORMAT, "z.Hidden\n"), "e.jar");

        PluginIndex index = PluginIndex.of(lib);
        PluginIndex.main(new String[] {lib.toString()});

        assertThat(PluginIndex.read(lib.resolve(PluginIndex.FILE_NAME))).contains(index);
        assertThat(index.jars()).containsOnlyKeys("a.jar", "clients/b.jar", "c.jar")
                .as("a jar whose manifest adds to the class path is left out");
        assertThat(index.jars().get("a.jar").providers()).isEqualTo(Map.of(FORMAT, List.of("x.First", "x.Second")));
        assertThat(index.jars().get("a.jar").size()).isEqualTo(Files.size(a));
        assertThat(index.jars().get("a.jar").lastModified()).isEqualTo(a.toFile().lastModified());
        assertThat(index.jars().get("clients/b.jar").providers()).isEqualTo(Map.of(AGGREGATE, List.of("y.Sum")));
        assertThat(index.jars().get("c.jar").providers()).isEmpty();
    }

    @Test
    void aServiceFileWithAnIllegalNameAndADamagedIndexAreRefusedWithTheirPlace() throws IOException {
        jar(lib.resolve("bad.jar"), Map.of("META-INF/services/" + FORMAT, "x.Good\nx.Two words\n"), null);
        assertThatThrownBy(() -> PluginIndex.of(lib)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("bad.jar!/META-INF/services/" + FORMAT + ":2: illegal provider class name 'x.Two words'");

        Path damaged = Files.writeString(lib.resolve(PluginIndex.FILE_NAME), "jar 12 x a.jar\n");
        assertThatThrownBy(() -> PluginIndex.read(damaged)).isInstanceOf(IOException.class)
                .hasMessage(damaged + ":1: 'x' is not a number (the build writes this file; build the distribution again)");
        assertThat(PluginIndex.read(lib.resolve("none.index"))).isEmpty();
    }

    @Test
    void aClassPathOfIndexedJarsIsAnsweredFromTheIndexWithoutReadingTheJars() throws IOException {
        Path a = jar(lib.resolve("a.jar"), Map.of(), null);
        Path b = jar(Files.createDirectories(lib.resolve("clients")).resolve("b.jar"), Map.of(), null);
        // what the index says, not what the (empty) jars hold: the answer can only come from the index
        PluginIndex index = new PluginIndex(Map.of(
                "a.jar", recorded(a, Map.of(FORMAT, List.of("x.First", "x.Second"))),
                "clients/b.jar", recorded(b, Map.of(FORMAT, List.of("x.Second", "x.Third"), AGGREGATE, List.of("y.Sum")))));

        ClassPathPlugins plugins = ClassPathPlugins.of(b + File.pathSeparator + a, lib, index).orElseThrow();

        assertThat(plugins.providerNames(FORMAT)).containsExactly("x.Second", "x.Third", "x.First");
        assertThat(plugins.providerNames(AGGREGATE)).containsExactly("y.Sum");
        assertThat(plugins.providerNames("none")).isEmpty();
    }

    @Test
    void aJarTheIndexDoesNotDescribeAsItIsLeavesTheSearchToServiceLoader() throws IOException {
        Path a = jar(lib.resolve("a.jar"), Map.of(), null);
        Path plugin = jar(lib.resolve("plugin.jar"), Map.of("META-INF/services/" + FORMAT, "p.Nginx\n"), null);
        PluginIndex index = new PluginIndex(Map.of("a.jar", recorded(a, Map.of())));
        Path outside = jar(Files.createTempFile("outside", ".jar"), Map.of(), null);
        try {
            assertThat(ClassPathPlugins.of(a.toString(), lib, index)).isPresent();
            assertThat(ClassPathPlugins.of(a + File.pathSeparator + plugin, lib, index)).as("a jar dropped into lib/").isEmpty();
            assertThat(ClassPathPlugins.of(a + File.pathSeparator + outside, lib, index)).as("a jar outside lib/").isEmpty();
            assertThat(ClassPathPlugins.of(a + File.pathSeparator + lib, lib, index)).as("a directory").isEmpty();
            assertThat(ClassPathPlugins.of(lib.resolve("x/../a.jar").toString(), lib, index)).as("a jar spelt otherwise").isEmpty();

            assertThat(a.toFile().setLastModified(a.toFile().lastModified() - 2000)).isTrue();
            assertThat(ClassPathPlugins.of(a.toString(), lib, index)).as("a jar of another time").isEmpty();
            Files.write(a, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
            PluginIndex sameTime = new PluginIndex(Map.of("a.jar",
                    new PluginIndex.IndexedJar(Files.size(a) - 1, a.toFile().lastModified(), Map.of())));
            assertThat(ClassPathPlugins.of(a.toString(), lib, sameTime)).as("a jar of another size").isEmpty();
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void theProvidersAreServiceLoadersInItsOrderAndItsErrorsForBadNames() throws IOException {
        Path a = jar(lib.resolve("a.jar"), Map.of(), null);
        ClassLoader loader = PluginIndexTest.class.getClassLoader();
        List<String> formats = new ArrayList<>();
        ServiceLoader.load(LogFormat.class, loader).forEach(f -> formats.add(f.getClass().getName()));
        List<String> aggregates = new ArrayList<>();
        ServiceLoader.load(Aggregate.class, loader).forEach(f -> aggregates.add(f.getClass().getName()));
        ClassPathPlugins plugins = ClassPathPlugins.of(a.toString(), lib, new PluginIndex(Map.of("a.jar",
                recorded(a, Map.of(FORMAT, formats, AGGREGATE, aggregates))))).orElseThrow();

        assertThat(formats).hasSizeGreaterThan(1);
        assertThat(plugins.providers(LogFormat.class, loader)).extracting(f -> f.getClass().getName()).isEqualTo(formats);
        assertThat(plugins.providers(Aggregate.class, loader)).extracting(f -> f.getClass().getName()).isEqualTo(aggregates);

        assertThatThrownBy(() -> only(a, FORMAT, "x.Missing").providers(LogFormat.class, loader))
                .isInstanceOf(ServiceConfigurationError.class).hasMessage(FORMAT + ": Provider x.Missing not found");
        assertThatThrownBy(() -> only(a, FORMAT, String.class.getName()).providers(LogFormat.class, loader))
                .isInstanceOf(ServiceConfigurationError.class).hasMessage(FORMAT + ": Provider java.lang.String not a subtype");
    }

    @Test
    void aDistributionsIndexIsUsedForItsOwnClassPathAndPassedOverWhenItCannotBeRead() throws IOException {
        Path home = lib;
        Path libDir = Files.createDirectories(home.resolve("lib"));
        Path a = jar(libDir.resolve("a.jar"), Map.of("META-INF/services/" + FORMAT, "x.First\n"), null);
        PluginIndex.main(new String[] {libDir.toString()});

        assertThat(Plugins.of(home.toString(), a.toString())).map(p -> p.providerNames(FORMAT))
                .contains(new java.util.LinkedHashSet<>(List.of("x.First")));
        assertThat(Plugins.of(null, a.toString())).as("no home").isEmpty();
        assertThat(Plugins.of(home.resolve("elsewhere").toString(), a.toString())).as("no index").isEmpty();
        Files.writeString(libDir.resolve(PluginIndex.FILE_NAME), "jar twelve 0 a.jar\n");
        assertThat(Plugins.of(home.toString(), a.toString())).as("a damaged index").isEmpty();
    }

    @Test
    void outsideADistributionPluginsAreServiceLoaders() {
        ClassLoader loader = PluginIndexTest.class.getClassLoader();
        List<String> expected = new ArrayList<>();
        ServiceLoader.load(LogFormat.class, loader).forEach(f -> expected.add(f.getClass().getName()));
        assertThat(Plugins.find(LogFormat.class, loader)).extracting(f -> f.getClass().getName()).isEqualTo(expected);
        assertThat(Plugins.find(LogFormat.class, null)).extracting(f -> f.getClass().getName()).isEqualTo(expected);
    }

    private static ClassPathPlugins only(Path jar, String type, String provider) throws IOException {
        return ClassPathPlugins.of(jar.toString(), jar.getParent(), new PluginIndex(Map.of(jar.getFileName().toString(),
                recorded(jar, Map.of(type, List.of(provider)))))).orElseThrow();
    }

    private static PluginIndex.IndexedJar recorded(Path jar, Map<String, List<String>> providers) throws IOException {
        return new PluginIndex.IndexedJar(Files.size(jar), jar.toFile().lastModified(), providers);
    }

    /** A jar of these entries (a name ending in / is a directory), with a manifest Class-Path when {@code classPath} is given. */
    private static Path jar(Path path, Map<String, String> entries, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> e : new LinkedHashMap<>(entries).entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return path;
    }
}
