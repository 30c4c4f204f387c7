package io.jdtail.server.ssh;

import io.jdtail.ssh.security.SshSecurity;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's host key: generated on first start (Ed25519, or EC P-256 where Ed25519 is unavailable) and kept
 * in {@code Server.HostKeyFile} with mode 0600, so clients see the same key on every later start.
 */
public final class HostKeys {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    private static final Logger LOG = LoggerFactory.getLogger(HostKeys.class);

    private HostKeys() {
    }

    /** Loads the key pair at {@code file}, generating and writing it first if the file does not exist. */
    public static KeyPairProvider load(Path file) throws IOException {
        boolean existed = Files.exists(file);
        if (!existed) {
            ServerDirectory.holding("Server.HostKeyFile", file).require();
        }
        List<KeyPair> keys;
        if (existed) {
            keys = readExisting(file);
        } else {
            keys = List.of();
            if (SecurityUtils.isEDDSACurveSupported()) {
                keys = generate(file, SecurityUtils.EDDSA);
            }
            if (keys.isEmpty()) {
                keys = generate(file, KeyUtils.EC_ALGORITHM);
            }
            if (keys.isEmpty() || !Files.exists(file)) {
                throw new IOException("cannot create the host key " + file);
            }
        }
        LOG.info("{} host key {} {}", existed ? "using" : "created", KeyUtils.getKeyType(keys.getFirst()),
                KeyUtils.getFingerPrint(keys.getFirst().getPublic()));
        return KeyPairProvider.wrap(keys);
    }

    /**
     * Reads an existing host key of any type (OpenSSH or PEM, e.g. DTail's RSA key). Never rewrites it: a key
     * that cannot be read is an error for the operator, not a reason to change the server's identity.
     */
    private static List<KeyPair> readExisting(Path file) throws IOException {
        return readPrivateKeys(file, "host key");
    }

    /**
     * The key pairs of a private key file dserver keeps ({@code what}: "host key", "job identity"); warns when
     * group or others may read it, fails with a message naming the file when it holds no readable key.
     */
    public static List<KeyPair> readPrivateKeys(Path file, String what) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} {} is readable by group or others; chmod 600 it", what, file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        List<KeyPair> keys = new ArrayList<>();
        try {
            for (KeyPair k : new FileKeyPairProvider(file).loadKeys(null)) {
                keys.add(k);
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IOException("cannot read the " + what + " " + file + ": no key in the file");
        }
        return keys;
    }

    /** Generates an Ed25519 or 256-bit EC key ({@code algorithm}) at {@code file} (which must not exist); empty if that fails. */
    private static List<KeyPair> generate(Path file, String algorithm) throws IOException {
        Provider provider = new Provider(file);
        provider.setAlgorithm(algorithm);
        if (algorithm.equals(SecurityUtils.EDDSA)) {
            // the JDK's generator knows Ed25519 by name, not by a size (it would take 255, not MINA's 256)
            provider.setKeySpec(NamedParameterSpec.ED25519);
        } else {
            provider.setKeySize(256);
        }
        provider.setOverwriteAllowed(false);
        try {
            return provider.loadKeys(null);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("cannot create the host key " + file + ": " + e.getMessage(), e);
        }
    }

    /** MINA's generator, with the key file created owner-only (0600) before anything is written to it. */
    private static final class Provider extends SimpleGeneratorHostKeyProvider {
        Provider(Path file) {
            super(file);
        }

        @Override
        protected void setFilePermissions(Path path) throws IOException {
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                super.setFilePermissions(path);
            }
        }
    }
}
