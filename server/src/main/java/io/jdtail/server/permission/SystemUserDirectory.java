package io.jdtail.server.permission;

import io.jdtail.config.LoginName;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The system's accounts: {@code getent passwd NAME} and {@code id -G NAME} (so NSS sources such as LDAP
 * count), falling back to reading {@code /etc/passwd} and {@code /etc/group} when those commands are
 * missing. Results, found or not, are cached for a while.
 */
public final class SystemUserDirectory implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(SystemUserDirectory.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final Cache<String, Optional<UnixUser>> cache;
    private final Path passwdFile;
    private final Path groupFile;
    private final boolean useCommands;

    /** Uses getent/id, cached for one minute. */
    public SystemUserDirectory() {
        this(Duration.ofMinutes(1), Path.of("/etc/passwd"), Path.of("/etc/group"), true);
    }

    SystemUserDirectory(Duration ttl, Path passwdFile, Path groupFile, boolean useCommands) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.passwdFile = passwdFile;
        this.groupFile = groupFile;
        this.useCommands = useCommands;
    }

    /** A directory that reads only the given passwd and group files (for tests and odd systems). */
    public static SystemUserDirectory fromFiles(Path passwdFile, Path groupFile) {
        return new SystemUserDirectory(Duration.ofMinutes(1), passwdFile, groupFile, false);
    }

    @Override
    public Optional<UnixUser> lookup(String name) {
        if (!LoginName.isValid(name)) {
            return Optional.empty();
        }
        return cache.get(name, this::load);
    }

    private Optional<UnixUser> load(String name) {
        if (useCommands) {
            try {
                List<String> passwd = run("getent", "passwd", name);
                if (passwd.isEmpty()) {
                    return Optional.empty();
                }
                Optional<UnixUser> base = parsePasswdLine(passwd.getFirst(), name);
                if (base.isEmpty()) {
                    return base;
                }
                Set<Integer> groups = new HashSet<>();
                List<String> ids = run("id", "-G", name);
                if (!ids.isEmpty()) {
                    for (String g : ids.getFirst().trim().split("\\s+")) {
                        if (!g.isEmpty()) {
                            groups.add(Integer.parseInt(g));
                        }
                    }
                }
                UnixUser u = base.get();
                groups.add(u.gid());
                return Optional.of(new UnixUser(u.name(), u.uid(), u.gid(), groups, u.home()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("getent/id failed for {}, reading {} instead: {}", name, passwdFile, e.toString());
            }
        }
        return fromFiles(name);
    }

    private Optional<UnixUser> fromFiles(String name) {
        try {
            Optional<UnixUser> base = Optional.empty();
            for (String line : Files.readAllLines(passwdFile, StandardCharsets.UTF_8)) {
                if (line.startsWith(name + ":")) {
                    base = parsePasswdLine(line, name);
                    break;
                }
            }
            if (base.isEmpty()) {
                return base;
            }
            UnixUser u = base.get();
            Set<Integer> groups = new HashSet<>();
            groups.add(u.gid());
            if (Files.isReadable(groupFile)) {
                for (String line : Files.readAllLines(groupFile, StandardCharsets.UTF_8)) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 4 && !f[3].isEmpty()) {
                        for (String member : f[3].split(",")) {
                            if (member.trim().equals(name)) {
                                groups.add(Integer.parseInt(f[2]));
                            }
                        }
                    }
                }
            }
            return Optional.of(new UnixUser(u.name(), u.uid(), u.gid(), groups, u.home()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot look up user {} in {}: {}", name, passwdFile, e.toString());
            return Optional.empty();
        }
    }

    /** Parses {@code name:x:uid:gid:gecos:home:shell}. */
    static Optional<UnixUser> parsePasswdLine(String line, String expectedName) {
        String[] f = line.split(":", -1);
        if (f.length < 7 || !f[0].equals(expectedName)) {
            return Optional.empty();
        }
        try {
            int uid = Integer.parseInt(f[2]);
            int gid = Integer.parseInt(f[3]);
            Optional<Path> home = f[5].isEmpty() ? Optional.empty() : Optional.of(Path.of(f[5]));
            return Optional.of(new UnixUser(f[0], uid, gid, Set.of(gid), home));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Runs a command; its stdout lines, or empty when it exits non-zero (e.g. no such user). */
    private static List<String> run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            new String(out, StandardCharsets.UTF_8).lines().forEach(lines::add);
            return lines;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }
}
