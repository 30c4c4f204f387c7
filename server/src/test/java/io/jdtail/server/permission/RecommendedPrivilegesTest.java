package io.jdtail.server.permission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * dserver with only CAP_SETUID and CAP_SETGID (what the server README recommends, through systemd's
 * AmbientCapabilities and CapabilityBoundingSet), in a real process started by {@code setpriv}: it opens files as
 * the requesting user, so the user reads her own 0600 file that dserver itself could not, and not root's. (The
 * process keeps uid 0 so that it can load its classes from root's Maven repository; without CAP_DAC_OVERRIDE
 * uid 0 reads only what root owns, which the test shows too.)
 */
class RecommendedPrivilegesTest {

    @Test
    void withOnlySetuidAndSetgidFilesAreOpenedAsTheUser(@TempDir Path tmp) throws Exception {
        Path dir = searchableDirectory(tmp);
        Path nobodys = file(dir.resolve("nobodys.log"), "rw-------");
        Files.setOwner(nobodys, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Path roots = file(dir.resolve("roots.log"), "rw-------");
        Path world = file(dir.resolve("world.log"), "rw-r--r--");

        assertThat(run(RECOMMENDED, "nobody", nobodys, roots, world)).containsExactly("opens as the user: true",
                nobodys + ": opened", roots + ": not allowed", world + ": opened");
        // root through this dserver: uid 0 without CAP_DAC_OVERRIDE, so what root owns and no more
        assertThat(run(RECOMMENDED, "root", nobodys, roots)).containsExactly("opens as the user: true",
                nobodys + ": not allowed", roots + ": opened");
    }

    /**
     * A dserver given a read capability besides the two (CAP_DAC_READ_SEARCH, say for its own log directory), with
     * the no-setuid-fixup securebit, so that the kernel does not drop file-system capabilities when the fsuid
     * changes (as for a dserver whose own fsuid is not 0): a user still reads only what she may.
     */
    @Test
    void anExtraReadCapabilityIsNotTheUsers(@TempDir Path tmp) throws Exception {
        Path dir = searchableDirectory(tmp);
        Path roots = file(dir.resolve("roots.log"), "rw-------");
        Path world = file(dir.resolve("world.log"), "rw-r--r--");

        List<String> extraReadCapability = List.of("--securebits=+no_setuid_fixup",
                "--inh-caps=-all,+setuid,+setgid,+dac_read_search", "--ambient-caps=-all,+setuid,+setgid,+dac_read_search",
                "--bounding-set=-all,+setuid,+setgid,+dac_read_search");
        assertThat(run(extraReadCapability, "nobody", roots, world)).containsExactly("opens as the user: true",
                roots + ": not allowed", world + ": opened");
    }

    /**
     * Root without CAP_SETUID and CAP_SETGID (an empty bounding set, say) cannot switch, and would open every file as
     * root: dserver refuses to start, saying why and what to do.
     */
    @Test
    void rootThatCannotSwitchRefusesToOpenAsItself(@TempDir Path tmp) throws Exception {
        Path dir = searchableDirectory(tmp);
        Path roots = file(dir.resolve("roots.log"), "rw-------");
        Child child = start(List.of("--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all"), "nobody", roots);
        assertThat(child.exit()).as(child.out()).isNotZero();
        assertThat(child.out()).doesNotContain(roots + ": opened");
        assertThat(child.err()).contains("runs as root but cannot switch").contains("CAP_SETUID and CAP_SETGID");
    }

    private static final List<String> RECOMMENDED = List.of("--inh-caps=-all,+setuid,+setgid",
            "--ambient-caps=-all,+setuid,+setgid", "--bounding-set=-all,+setuid,+setgid");

    private static Path searchableDirectory(Path tmp) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Path dir = tmp.toRealPath();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static Path file(Path p, String mode) throws IOException {
        Files.writeString(p, "line\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private static List<String> run(List<String> privileges, String user, Path... files) throws Exception {
        Child child = start(privileges, user, files);
        assertThat(child.exit()).as(child.out()).isZero();
        return child.out().lines().filter(l -> !l.matches("^[0-9]{2}:[0-9]{2}.*|^[0-9]{4}-.*")).toList();
    }

    /** What the child process printed, and how it ended. */
    private record Child(int exit, String out, String err) {
    }

    private static Child start(List<String> privileges, String user, Path... files) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv"));
        command.addAll(privileges);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                OpenAsChild.class.getName(), user));
        for (Path f : files) {
            command.add(f.toString());
        }
        Path err = Files.createTempFile("open-as-child", ".err");
        try {
            Process child = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child finished").isTrue();
            return new Child(child.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
