package io.jdtail.server.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

/**
 * The server's host key: generated on first start (Ed25519, or EC P-256 where Ed25519 is unavailable) and kept
 * in {@code Server.HostKeyFile} with mode 0600, so clients see the same key on every later start.
 */
public final class HostKeys {

    private static final Logger LOG = LoggerFactory.getLogger(HostKeys.class);

    private HostKeys() {
    }

    /** Loads the key pair at {@code file}, generating and writing it first if the file does not exist. */
    public static KeyPairProvider load(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(parent);
            }
        }
        boolean existed = Files.exists(file);
        Provider provider = new Provider(file);
        if (SecurityUtils.isEDDSACurveSupported()) {
            provider.setAlgorithm(SecurityUtils.EDDSA);
        } else {
            provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
            provider.setKeySize(256);
        }
        List<KeyPair> keys;
        try {
            keys = provider.loadKeys(null);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("cannot load or create the host key " + file + ": " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IOException("cannot load or create the host key " + file);
        }
        if (!existed && !Files.exists(file)) {
            throw new IOException("cannot write the host key " + file);
        }
        LOG.info("{} host key {} {}", existed ? "using" : "created", KeyUtils.getKeyType(keys.getFirst()),
                KeyUtils.getFingerPrint(keys.getFirst().getPublic()));
        return KeyPairProvider.wrap(keys);
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
