package io.jdtail.engine.source;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Expands file arguments: comma-separated lists and globs ({@code *}, {@code ?}, {@code [..]}, {@code **}). */
public final class FileGlobs {

    /** The files found, and one message for every argument that named nothing. */
    public record Expansion(List<Path> files, List<String> problems) {
        public Expansion {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }

    private FileGlobs() {
    }

    /** Splits comma-separated lists ({@code a.log,b.log}) into single arguments. */
    public static List<String> splitLists(List<String> arguments) {
        List<String> out = new ArrayList<>();
        for (String a : arguments) {
            for (String part : a.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    public static Expansion expand(List<String> arguments) {
        Set<Path> files = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String arg : splitLists(arguments)) {
            if (!isGlob(arg)) {
                Path p = Paths.get(arg);
                if (Files.isDirectory(p)) {
                    problems.add(arg + ": is a directory");
                } else if (!Files.exists(p)) {
                    problems.add(arg + ": no such file");
                } else {
                    files.add(p);
                }
                continue;
            }
            List<Path> matched = glob(arg);
            if (matched.isEmpty()) {
                problems.add(arg + ": the pattern matches no file");
            }
            files.addAll(matched);
        }
        return new Expansion(new ArrayList<>(files), problems);
    }

    public static boolean isGlob(String arg) {
        return arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0 || arg.indexOf('[') >= 0 || arg.indexOf('{') >= 0;
    }

    /** Regular files matching the glob, sorted by name. */
    public static List<Path> glob(String pattern) {
        Path whole = Paths.get(pattern);
        Path base = whole.isAbsolute() ? whole.getRoot() : Paths.get("");
        int depth = 0;
        for (Path part : whole) {
            if (isGlob(part.toString())) {
                break;
            }
            base = base.resolve(part);
            depth++;
        }
        if (depth == whole.getNameCount()) {
            return Files.isRegularFile(whole) ? List.of(whole) : List.of();
        }
        String normalized = pattern.startsWith("./") ? pattern.substring(2) : pattern;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + normalized);
        boolean deep = pattern.contains("**");
        int maxDepth = deep ? Integer.MAX_VALUE : whole.getNameCount() - depth;
        boolean relative = base.toString().isEmpty();
        Path start = relative ? Paths.get(".") : base;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(start, maxDepth)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> relative ? start.relativize(p) : p)
                    .filter(matcher::matches)
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }
}
