package io.jdtail.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The shipped example configuration, started by a user who may not write where it keeps dserver's state (a
 * newcomer trying it out as herself): dserver says, for each directory, what is wrong, as whom it runs and what
 * to change. A real dserver process of the system user {@code nobody} ({@code setpriv}), with the example's
 * {@code /var/...} directories moved below a root-owned temporary directory that nobody may not write.
 */
class NonRootStartTest {

    @Test
    void theExampleConfigStartedAsNobodySaysWhichDirectoryWhyAndWhatToChange(@TempDir Path tmp) throws Exception {
        Path root = searchableRootOwned(tmp);
        Files.createDirectories(root.resolve("var/lib"));
        Files.createDirectories(root.resolve("var/log"));
        Path cfg = root.resolve("dtail.json");
        Files.writeString(cfg, example().replace("\"/var/", "\"" + root + "/var/"));
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));

        Child child = runAsNobody(root, "--cfg", cfg.toString(), "--bindAddress", "127.0.0.1", "--port", "0",
                "--shutdownAfter", "30");

        assertThat(child.exit()).as(child.err()).isEqualTo(1);
        assertThat(child.err().lines().filter(l -> l.startsWith("dserver:"))).as(child.err()).containsExactly(
                "dserver: warning: cannot create Common.LogDir " + root + "/var/log/dserver: permission denied in "
                        + root + "/var/log (dserver runs as user nobody); create it and give nobody write access,"
                        + " or set Common.LogDir in the config to a directory nobody can write; logging to stderr only",
                "dserver: warning: cannot create Common.CacheDir " + root + "/var/lib/dserver/cache: permission denied in "
                        + root + "/var/lib (dserver runs as user nobody); create it and give nobody write access,"
                        + " or set Common.CacheDir in the config to a directory nobody can write;"
                        + " jobs that read other servers keep their key and known hosts there",
                "dserver: cannot start: cannot create the directory of Server.HostKeyFile " + root
                        + "/var/lib/dserver/cache: permission denied in " + root + "/var/lib (dserver runs as user"
                        + " nobody); create it and give nobody write access, or set Server.HostKeyFile in the config"
                        + " to a file in a directory nobody can write");
    }

    @Test
    void aDirectoryThatIsThereButNotWritableSaysSo(@TempDir Path tmp) throws Exception {
        Path root = searchableRootOwned(tmp);
        Path cache = Files.createDirectories(root.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logs = Files.createDirectories(root.resolve("logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cfg = root.resolve("dtail.json");
        Files.writeString(cfg, "{\"Common\": {\"CacheDir\": \"" + cache + "\"}, \"Server\": {\"HostKeyFile\": \""
                + cache.resolve("ssh_host_key") + "\"}}");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));

        Child child = runAsNobody(root, "--cfg", cfg.toString(), "--logDir", logs.toString(),
                "--bindAddress", "127.0.0.1", "--port", "0", "--shutdownAfter", "30");

        assertThat(child.exit()).as(child.err()).isEqualTo(1);
        assertThat(child.err().lines().filter(l -> l.startsWith("dserver:"))).as(child.err()).containsExactly(
                "dserver: warning: --logDir " + logs + " is not writable by nobody; give nobody write access,"
                        + " or give --logDir a directory nobody can write; logging to stderr only",
                "dserver: warning: Common.CacheDir " + cache + " is not writable by nobody; give nobody write access,"
                        + " or set Common.CacheDir in the config to a directory nobody can write;"
                        + " jobs that read other servers keep their key and known hosts there",
                "dserver: cannot start: the directory of Server.HostKeyFile " + cache + " is not writable by nobody;"
                        + " give nobody write access, or set Server.HostKeyFile in the config to a file in a directory"
                        + " nobody can write");
    }

    private static String example() throws IOException {
        try (InputStream in = NonRootStartTest.class.getResourceAsStream("/dtail.example.json")) {
            assertThat(in).as("dtail.example.json").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path searchableRootOwned(Path tmp) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "runs as root (as in CI), to become nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Path dir = tmp.toRealPath();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** What the dserver process wrote to stderr, and how it ended. */
    private record Child(int exit, String err) {
    }

    /**
     * Runs dserver as nobody. Its classes are linked (or copied) below {@code root} first: nobody may not read
     * root's Maven repository.
     */
    private static Child runAsNobody(Path root, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", readableClassPath(root.resolve("classpath")),
                DserverCommand.class.getName()));
        command.addAll(List.of(args));
        Path err = root.resolve("stderr");
        Process child = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(false)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("dserver finished").isTrue();
        return new Child(child.exitValue(), Files.readString(err));
    }

    private static String readableClassPath(Path into) throws IOException {
        Files.createDirectories(into);
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
