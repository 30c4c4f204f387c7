package io.jdtail.engine.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The service files of the distribution's own jars, written by the build into {@code lib/} ({@link #FILE_NAME}), so
 * that a command finds the built-in plug-ins without opening every jar of its class path (as {@link
 * java.util.ServiceLoader} does: about 50 ms of a serverless dmap's start). Each jar is recorded with its size and
 * time; a class path with a jar that differs, or one the index does not name (a plug-in dropped into {@code lib/}), is
 * searched by ServiceLoader (see {@link Plugins}). A jar whose manifest adds to the class path ({@code Class-Path}) is
 * left out of the index, as what it adds is not.
 *
 * <p>The file is text: {@code jar SIZE MILLIS PATH} (the path relative to {@code lib/}, with {@code /}), then {@code
 * service TYPE PROVIDER} for each provider that jar's {@code META-INF/services/TYPE} names, in its order.
 *
 * @param jars by path relative to {@code lib/}
 */
public record PluginIndex(Map<String, IndexedJar> jars) {

    /** The index's name in the distribution's {@code lib/}. */
    public static final String FILE_NAME = "jdtail-plugins.index";

    private static final String SERVICES = "META-INF/services/";

    /**
     * One jar as the index recorded it.
     *
     * @param size         its length in bytes
     * @param lastModified its time, in ms ({@link java.io.File#lastModified()})
     * @param providers    provider class names by service type, each list in the service file's order
     */
    public record IndexedJar(long size, long lastModified, Map<String, List<String>> providers) {
        public IndexedJar {
            Map<String, List<String>> copy = new HashMap<>();
            for (Map.Entry<String, List<String>> e : providers.entrySet()) {
                copy.put(e.getKey(), List.copyOf(e.getValue()));
            }
            providers = Collections.unmodifiableMap(copy);
        }
    }

    public PluginIndex {
        jars = Collections.unmodifiableMap(new HashMap<>(jars));
    }

    /** Writes the index of every jar below {@code lib} into {@code lib/}{@value #FILE_NAME}: the build's step. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PluginIndex LIB_DIRECTORY");
            System.exit(2);
        }
        Path lib = Path.of(args[0]);
        of(lib).writeTo(lib.resolve(FILE_NAME));
    }

    /** The index of every jar below {@code lib}. */
    public static PluginIndex of(Path lib) throws IOException {
        Map<String, IndexedJar> jars = new TreeMap<>();
        List<Path> found;
        try (Stream<Path> files = Files.walk(lib)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).toList();
        }
        for (Path jar : found) {
            if (addsToTheClassPath(jar)) {
                continue;
            }
            String name = lib.relativize(jar).toString().replace(jar.getFileSystem().getSeparator(), "/");
            jars.put(name, new IndexedJar(jar.toFile().length(), jar.toFile().lastModified(), servicesOf(jar)));
        }
        return new PluginIndex(jars);
    }

    /**
     * The index in {@code file}; empty when there is none. Read at every command's start, in the interpreter: plain
     * string scanning, no reader, no regular expression.
     */
    public static Optional<PluginIndex> read(Path file) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, IndexedJar> jars = new HashMap<>();
        String jar = null;
        long size = 0;
        long time = 0;
        Map<String, List<String>> providers = new HashMap<>();
        int number = 0;
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            number++;
            String line = text.substring(start, end);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int first = line.indexOf(' ');
            int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
            int third = second < 0 ? -1 : line.indexOf(' ', second + 1);
            if (line.startsWith("jar ") && third > 0) {
                if (jar != null) {
                    jars.put(jar, new IndexedJar(size, time, providers));
                }
                size = number(line.substring(first + 1, second), file, number);
                time = number(line.substring(second + 1, third), file, number);
                jar = line.substring(third + 1);
                providers = new HashMap<>();
            } else if (line.startsWith("service ") && second > 0 && third < 0 && jar != null) {
                String type = line.substring(first + 1, second);
                List<String> classes = providers.get(type);
                if (classes == null) {
                    classes = new ArrayList<>();
                    providers.put(type, classes);
                }
                classes.add(line.substring(second + 1));
            } else {
                throw new IOException(file + ":" + number + ": expected 'jar SIZE MILLIS PATH' or 'service TYPE CLASS'"
                        + " (the build writes this file; build the distribution again)");
            }
        }
        if (jar != null) {
            jars.put(jar, new IndexedJar(size, time, providers));
        }
        return Optional.of(new PluginIndex(jars));
    }

    private static long number(String text, Path file, int line) throws IOException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + line + ": '" + text + "' is not a number (the build writes this file;"
                    + " build the distribution again)");
        }
    }

    /** Writes this index to {@code file} (replacing it). */
    public void writeTo(Path file) throws IOException {
        StringBuilder text = new StringBuilder("# The service files of jdtail's own jars (written by the build; see"
                + " io.jdtail.engine.plugin.PluginIndex). A jar not named here is searched at start.\n");
        new TreeMap<>(jars).forEach((name, jar) -> {
            text.append("jar ").append(jar.size()).append(' ').append(jar.lastModified()).append(' ').append(name).append('\n');
            new TreeMap<>(jar.providers()).forEach((type, classes) -> classes.forEach(
                    c -> text.append("service ").append(type).append(' ').append(c).append('\n')));
        });
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static boolean addsToTheClassPath(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) != null;
        }
    }

    /** Every service file of a jar: provider class names by service type. */
    static Map<String, List<String>> servicesOf(Path jar) throws IOException {
        Map<String, List<String>> services = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                String type = e.getName().startsWith(SERVICES) ? e.getName().substring(SERVICES.length()) : "";
                if (!type.isEmpty() && !type.contains("/") && !e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        services.put(type, providerNames(in, jar + "!/" + e.getName()));
                    }
                }
            }
        }
        return services;
    }

    /**
     * The class names of a service file, as {@link java.util.ServiceLoader} reads one: UTF-8, one per line, {@code #}
     * starts a comment, blanks around a name ignored.
     */
    static List<String> providerNames(InputStream in, String where) throws IOException {
        List<String> names = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.chars().anyMatch(c -> Character.isWhitespace(c) || !Character.isJavaIdentifierPart(c) && c != '.')) {
                throw new IOException(where + ":" + number + ": illegal provider class name '" + name + "'");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
