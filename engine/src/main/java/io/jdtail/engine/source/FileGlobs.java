package io.jdtail.engine.source;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

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

    /** A pattern; {@link #matches} walks the file system for it. */
    public record Glob(String text) implements Argument {
        /** The regular files matching now, sorted by name, found in directories as {@code gate} lists them. */
        public List<Path> matches(FileGate gate) throws TooBroad {
            return matches(gate, Limits.DEFAULT);
        }

        /** {@link #matches(FileGate)} within {@code limits}. */
        public List<Path> matches(FileGate gate, Limits limits) throws TooBroad {
            return glob(text, gate, limits);
        }
    }

    /**
     * How far a pattern may reach: a pattern such as {@code /**} would walk the whole file system (in a follow at
     * every rescan) and hold a descriptor for every match.
     *
     * @param maxEntries the directory entries a walk may look at
     * @param maxMatches the files a pattern may match
     */
    public record Limits(int maxEntries, int maxMatches) {
        public static final Limits DEFAULT = new Limits(100_000, 10_000);
    }

    /** A pattern reaches beyond its {@link Limits}: none of its files is used; the message says what to do. */
    public static final class TooBroad extends Exception {
        TooBroad(String message) {
            super(message);
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
        return arguments(arguments, FileGate.PROCESS);
    }

    /** {@link #arguments(List)} for files opened through {@code gate} (which may refuse relative patterns). */
    public static List<Argument> arguments(List<String> arguments, FileGate gate) {
        List<Argument> out = new ArrayList<>();
        for (String arg : splitLists(arguments)) {
            try {
                Path p = Paths.get(arg);
                if (!isGlob(arg)) {
                    out.add(new Named(arg, p));
                    continue;
                }
                FileSystems.getDefault().getPathMatcher("glob:" + arg);
                if (!p.isAbsolute() && !gate.expandsRelativePatterns()) {
                    out.add(new Invalid(arg, arg + ": a pattern must be an absolute path on a server (its working "
                            + "directory is not yours)"));
                    continue;
                }
                out.add(new Glob(arg));
            } catch (java.util.regex.PatternSyntaxException e) {
                out.add(new Invalid(arg, arg + ": not a valid pattern (" + e.getDescription() + ")"));
            } catch (java.nio.file.InvalidPathException e) {
                out.add(new Invalid(arg, arg + ": not a valid file name (" + e.getReason() + ")"));
            }
        }
        return out;
    }

    /**
     * The files the arguments name, in order and as often as they are named (a glob's matches once per time the
     * glob is named), as {@code cat} and DTail read them; a following caller keeps one follow per file itself.
     */
    public static Expansion expand(List<String> arguments) {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // if/instanceof, not a switch on the argument's type: the JDK spins a class for each such switch at run time
        // (the AOT cache keeps none), part of every command's start-up
        for (Argument arg : arguments(arguments)) {
            if (arg instanceof Invalid i) {
                problems.add(i.problem());
            } else if (arg instanceof Named n) {
                if (Files.isDirectory(n.path())) {
                    problems.add(n.text() + ": is a directory");
                } else if (!Files.exists(n.path())) {
                    problems.add(n.text() + ": no such file");
                } else {
                    files.add(n.path());
                }
            } else {
                Glob g = (Glob) arg;
                try {
                    List<Path> matched = g.matches(FileGate.PROCESS);
                    if (matched.isEmpty()) {
                        problems.add(g.text() + ": the pattern matches no file");
                    }
                    files.addAll(matched);
                } catch (TooBroad e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return new Expansion(files, problems);
    }

    public static boolean isGlob(String arg) {
        return arg.indexOf('*') >= 0 || arg.indexOf('?') >= 0 || arg.indexOf('[') >= 0 || arg.indexOf('{') >= 0;
    }

    /** Regular files matching the glob, sorted by name; directories are listed through {@code gate}. */
    private static List<Path> glob(String pattern, FileGate gate, Limits limits) throws TooBroad {
        String normalized = pattern.startsWith("./") ? pattern.substring(2) : pattern;
        Path whole = Paths.get(normalized);
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
            // a name with glob characters that are no pattern: the file itself, if its directory lists it
            Path parent = whole.getParent() == null ? Paths.get("") : whole.getParent();
            String name = whole.getFileName().toString();
            return list(gate, parent).stream().anyMatch(e -> e.regularFile() && e.name().equals(name))
                    ? List.of(whole) : List.of();
        }
        Matcher matcher = Matcher.of(normalized);
        int maxDepth = pattern.contains("**") ? Integer.MAX_VALUE : whole.getNameCount() - depth;
        Walk walk = new Walk(pattern, gate, matcher, maxDepth, limits, new ArrayList<>());
        walk.from(base, 1, 0);
        walk.found.sort(null);
        return walk.found;
    }

    /** One walk for a pattern, counting what it looked at against its limits; {@code found} fills up. */
    private record Walk(String pattern, FileGate gate, Matcher matcher, int maxDepth, Limits limits, List<Path> found) {

        /**
         * Adds the regular files under {@code dir} (at {@code depth} and deeper, to {@code maxDepth}) that match.
         *
         * @param entries directory entries the walk looked at before this directory
         * @return directory entries looked at so far, this directory's and those below it included
         */
        int from(Path dir, int depth, int entries) throws TooBroad {
            for (FileGate.Entry e : list(gate, dir)) {
                if (++entries > limits.maxEntries()) {
                    throw new TooBroad(pattern + ": the pattern looks at more than " + limits.maxEntries()
                            + " directory entries; name a narrower directory or fewer levels (no file of it is read)");
                }
                Path child = dir.resolve(e.name());
                if (e.regularFile() && matcher.matches(child.toString())) {
                    found.add(child);
                    if (found.size() > limits.maxMatches()) {
                        throw new TooBroad(pattern + ": the pattern matches more than " + limits.maxMatches()
                                + " files; make it narrower (no file of it is read)");
                    }
                }
                if (e.directory() && depth < maxDepth) {
                    entries = from(child, depth + 1, entries);
                }
            }
            return entries;
        }
    }

    private static List<FileGate.Entry> list(FileGate gate, Path dir) {
        return gate.list(dir.toString().isEmpty() ? Paths.get(".") : dir);
    }

    /**
     * A glob with the JDK's syntax and meaning ({@code *} and {@code ?} within a name, {@code **} across names,
     * {@code [..]} and {@code [!..]} classes that never match {@code /}, {@code {a,b}} groups, {@code \} escapes),
     * matched in linear time by RE2: the JDK's matcher is a backtracking regular expression, which a pattern such
     * as {@code *a*a*a*a*b} against a long name keeps busy for hours. Made from a pattern the JDK accepted (see
     * {@link #arguments}), so the syntax is known to be valid.
     */
    record Matcher(com.google.re2j.Pattern regex) {

        static Matcher of(String glob) {
            StringBuilder re = new StringBuilder();
            boolean inGroup = false;
            int i = 0;
            while (i < glob.length()) {
                char c = glob.charAt(i++);
                switch (c) {
                    case '\\' -> literal(re, glob.charAt(i++));
                    case '[' -> i = charClass(glob, i, re);
                    case '{' -> {
                        re.append("(?:(?:");
                        inGroup = true;
                    }
                    case '}' -> {
                        if (inGroup) {
                            re.append("))");
                            inGroup = false;
                        } else {
                            literal(re, c);
                        }
                    }
                    case ',' -> {
                        if (inGroup) {
                            re.append(")|(?:");
                        } else {
                            literal(re, c);
                        }
                    }
                    case '*' -> {
                        if (i < glob.length() && glob.charAt(i) == '*') {
                            re.append("(?s:.*)");
                            i++;
                        } else {
                            re.append("[^/]*");
                        }
                    }
                    case '?' -> re.append("[^/]");
                    default -> literal(re, c);
                }
            }
            return new Matcher(com.google.re2j.Pattern.compile(re.toString()));
        }

        boolean matches(String path) {
            return regex.matches(path);
        }

        /**
         * The class that starts at {@code glob[i]} (after its {@code [}), as an RE2 class without {@code /}; the
         * index after its {@code ]}. {@code [!..]} negates, {@code [^..]} is a literal {@code ^}, a {@code -} first
         * or last is literal, as in the JDK.
         */
        private static int charClass(String glob, int i, StringBuilder re) {
            boolean negated = false;
            StringBuilder items = new StringBuilder();
            if (i < glob.length() && glob.charAt(i) == '!') {
                negated = true;
                i++;
            }
            char last = 0;
            boolean hasRangeStart = false;
            while (i < glob.length()) {
                char c = glob.charAt(i++);
                if (c == ']') {
                    break;
                }
                if (c == '-' && hasRangeStart && i < glob.length() && glob.charAt(i) != ']') {
                    char to = glob.charAt(i++);
                    range(items, (char) (last + 1), to, negated);
                    hasRangeStart = false;
                } else {
                    range(items, c, c, negated);
                    hasRangeStart = c != '-' || hasRangeStart;
                    last = c;
                }
            }
            if (negated) {
                re.append("[^/").append(items).append(']');
            } else if (items.isEmpty()) {
                re.append("[^\\x{0}-\\x{10FFFF}]");
            } else {
                re.append('[').append(items).append(']');
            }
            return i;
        }

        /** {@code from..to} into a class; in a positive class without {@code /} (a range across it is split). */
        private static void range(StringBuilder items, char from, char to, boolean negated) {
            if (from > to) {
                return;
            }
            if (!negated && from <= '/' && '/' <= to) {
                range(items, from, (char) ('/' - 1), false);
                range(items, (char) ('/' + 1), to, false);
                return;
            }
            items.append(hex(from));
            if (to != from) {
                items.append('-').append(hex(to));
            }
        }

        private static void literal(StringBuilder re, char c) {
            re.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : hex(c));
        }

        private static String hex(char c) {
            return "\\x{" + Integer.toHexString(c) + "}";
        }
    }
}
