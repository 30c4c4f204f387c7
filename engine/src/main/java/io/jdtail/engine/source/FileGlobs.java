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

    /** One file argument: a file's name, a glob, or neither (a name no file can have, a broken pattern). */
    public sealed interface Argument {
        /** The argument as given. */
        String text();
    }

    /** A file named as such. */
    public record Named(String text, Path path) implements Argument {
    }

    /** A pattern; {@link #matches()} walks the file system for it. */
    public record Glob(String text) implements Argument {
        /** The regular files matching now, sorted by name. */
        public List<Path> matches() {
            return glob(text);
        }
    }

    /** An argument that names no file; {@code problem} says why, for the user. */
    public record Invalid(String text, String problem) implements Argument {
    }

    /**
     * Splits comma-separated lists and tells names, globs and arguments that can name nothing apart, so that one
     * bad argument (a NUL in a name, a pattern such as {@code [a}) is an error of its own and the others are read.
     */
    public static List<Argument> arguments(List<String> arguments) {
        List<Argument> out = new ArrayList<>();
        for (String arg : splitLists(arguments)) {
            try {
                Path p = Paths.get(arg);
                if (!isGlob(arg)) {
                    out.add(new Named(arg, p));
                    continue;
                }
                FileSystems.getDefault().getPathMatcher("glob:" + arg);
                out.add(new Glob(arg));
            } catch (java.util.regex.PatternSyntaxException e) {
                out.add(new Invalid(arg, arg + ": not a valid pattern (" + e.getDescription() + ")"));
            } catch (java.nio.file.InvalidPathException e) {
                out.add(new Invalid(arg, arg + ": not a valid file name (" + e.getReason() + ")"));
            }
        }
        return out;
    }

    public static Expansion expand(List<String> arguments) {
        Set<Path> files = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Argument arg : arguments(arguments)) {
            switch (arg) {
                case Invalid i -> problems.add(i.problem());
                case Named n when Files.isDirectory(n.path()) -> problems.add(n.text() + ": is a directory");
                case Named n when !Files.exists(n.path()) -> problems.add(n.text() + ": no such file");
                case Named n -> files.add(n.path());
                case Glob g -> {
                    List<Path> matched = g.matches();
                    if (matched.isEmpty()) {
                        problems.add(g.text() + ": the pattern matches no file");
                    }
                    files.addAll(matched);
                }
            }
        }
        return new Expansion(new ArrayList<>(files), problems);
    }

    public static boolean isGlob(String arg) {
        return arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0 || arg.indexOf('[') >= 0 || arg.indexOf('{') >= 0;
    }

    /** Regular files matching the glob, sorted by name. */
    private static List<Path> glob(String pattern) {
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
