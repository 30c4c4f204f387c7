package io.jdtail.server.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Java process of this test class path run as the system user {@code nobody} ({@code setpriv}), for what only a
 * process without root's privileges shows (tests run as root, here and in CI). Its classes are linked (or copied)
 * below a directory of the test first: nobody may not read root's Maven repository.
 *
 * @param exit how the process ended
 * @param out  what it wrote to stdout
 * @param err  what it wrote to stderr
 */
public record NobodyProcess(int exit, String out, String err) {

    /**
     * A root-owned directory everyone may search, made from a test's temporary one (skips the test where it cannot
     * become nobody).
     */
    public static Path searchableRootOwned(Path tmp) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "runs as root (as in CI), to become nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Path dir = tmp.toRealPath();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /**
     * The capabilities of the packaged service (its systemd unit's AmbientCapabilities and CapabilityBoundingSet), as
     * setpriv gives them, with no new privileges.
     */
    public static final List<String> SETUID_AND_SETGID = List.of("--inh-caps=-all,+setuid,+setgid",
            "--ambient-caps=-all,+setuid,+setgid", "--bounding-set=-all,+setuid,+setgid", "--no-new-privs");

    /** Runs {@code mainClass} with {@code args} as nobody in {@code root} (see {@link #searchableRootOwned}). */
    public static NobodyProcess run(Path root, Class<?> mainClass, String... args) throws Exception {
        return run(root, List.of(), mainClass, args);
    }

    /** {@link #run(Path, Class, String...)} with these setpriv options too (capabilities, say). */
    public static NobodyProcess run(Path root, List<String> privileges, Class<?> mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups"));
        command.addAll(privileges);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", readableClassPath(Files.createTempDirectory(root, "classpath")),
                mainClass.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "stdout", "");
        Path err = Files.createTempFile(root, "stderr", "");
        Process child = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the process as nobody finished").isTrue();
        return new NobodyProcess(child.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String readableClassPath(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = into.resolve(n++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                copyTree(from, to);
            } else {
                try {
                    Files.createLink(to, from);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(from, to);
                }
            }
            entries.add(to.toString());
        }
        // directories only: a linked jar is the repository's own file (readable by all, as Maven writes it)
        try (Stream<Path> all = Files.walk(into)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }
}
