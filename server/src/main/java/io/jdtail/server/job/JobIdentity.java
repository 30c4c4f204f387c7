package io.jdtail.server.job;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.ssh.HostKeys;
import io.jdtail.server.ssh.ServerDirectory;
import io.jdtail.ssh.security.SshSecurity;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key pair dserver's jobs log in to other dservers with: {@code <CacheDir>/job_identity} (OpenSSH private
 * key, mode 0600) and {@code <CacheDir>/job_identity.pub} (one {@code authorized_keys} line, mode 0644).
 * Generated (Ed25519, or ECDSA P-256 where Ed25519 is unavailable) the first time a job needs it, and kept:
 * an existing private key is never replaced, and one that cannot be read is an error. The operator copies
 * the {@code .pub} line into {@code <CacheDir>/<JobName>.authorized_keys} on every server the job reads from.
 *
 * @param privateKeyFile the private key file (what a job offers when it logs in)
 * @param publicKeyFile  the {@code .pub} file to copy to other servers
 * @param keyPair        the keys, as read from (or written to) {@code privateKeyFile}; see {@link #load}
 */
public record JobIdentity(Path privateKeyFile, Path publicKeyFile, KeyPair keyPair) {

    static {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use
        SshSecurity.install();
    }

    /** File name of the private key in CacheDir; the public key is this plus {@code .pub}. */
    public static final String FILE_NAME = "job_identity";

    private static final Logger LOG = LoggerFactory.getLogger(JobIdentity.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object LOCK = new Object();

    /** Loads the identity kept in {@code cacheDir}, generating it first if there is none. */
    public static JobIdentity load(Path cacheDir) throws IOException {
        synchronized (LOCK) {
            Path dir = cacheDir.toAbsolutePath();
            ServerDirectory.named("Common.CacheDir", dir, true).require();
            Path file = dir.resolve(FILE_NAME);
            Path pub = dir.resolve(FILE_NAME + ".pub");
            KeyPair keys;
            if (Files.exists(file)) {
                keys = readExisting(file);
            } else {
                keys = generate();
                if (!createExclusively(file, "rw-------", out -> writePrivateKey(keys, out))) {
                    // another process made one first: that one is the identity
                    return load(cacheDir);
                }
                LOG.info("created the job identity {} ({} {}); copy {} into <CacheDir>/<JobName>.authorized_keys on "
                        + "the servers jobs read from", file, KeyUtils.getKeyType(keys),
                        KeyUtils.getFingerPrint(keys.getPublic()), pub);
            }
            JobIdentity identity = new JobIdentity(file, pub, keys);
            identity.writePublicKeyIfStale();
            return identity;
        }
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** {@code SHA256:...}, as {@code ssh-keygen -l} shows it. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(keyPair.getPublic());
    }

    /** The line to put into {@code <CacheDir>/<JobName>.authorized_keys} on a target server. */
    public String authorizedKeysLine() {
        return PublicKeyEntry.toString(keyPair.getPublic()) + " jdtail-job@" + HostContext.localHostName();
    }

    // ------------------------------------------------------------------ files

    private static KeyPair readExisting(Path file) throws IOException {
        return HostKeys.readPrivateKeys(file, "job identity").getFirst();
    }

    private static KeyPair generate() throws IOException {
        try {
            if (SecurityUtils.isEDDSACurveSupported()) {
                return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            }
            return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate the job identity: " + e.getMessage(), e);
        }
    }

    private static void writePrivateKey(KeyPair keys, OutputStream out) throws IOException {
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keys, "jdtail-job@" + HostContext.localHostName(),
                    null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the job identity: " + e.getMessage(), e);
        }
    }

    /** Writes the {@code .pub} file when it is missing or does not hold this key. */
    private void writePublicKeyIfStale() throws IOException {
        String line = authorizedKeysLine() + "\n";
        if (Files.isRegularFile(publicKeyFile)) {
            String have = Files.readString(publicKeyFile, StandardCharsets.UTF_8).strip();
            String wanted = PublicKeyEntry.toString(keyPair.getPublic());
            if (have.startsWith(wanted)) {
                return;
            }
            LOG.warn("{} does not hold the key of {}; rewriting it", publicKeyFile, privateKeyFile);
        }
        Path tmp = temporary(publicKeyFile);
        try {
            writeNew(tmp, "rw-r--r--", out -> out.write(line.getBytes(StandardCharsets.UTF_8)));
            Files.move(tmp, publicKeyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} completely or not at all, and only if it does not exist: the content goes to a
     * temporary file (created with {@code mode}, forced to disk) that is then hard-linked to the final name,
     * which fails if the name exists. False when another writer made the file first.
     */
    private static boolean createExclusively(Path file, String mode, Body body) throws IOException {
        Path tmp = temporary(file);
        try {
            writeNew(tmp, mode, body);
            try {
                Files.createLink(file, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                try {
                    Files.move(tmp, file);
                    return true;
                } catch (FileAlreadyExistsException ex) {
                    return false;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeNew(Path file, String mode, Body body) throws IOException {
        FileAttribute<?>[] attrs;
        try {
            attrs = new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
            Files.createFile(file, attrs);
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            body.writeTo(out);
            out.flush();
            channel.force(true);
        }
    }

    private static Path temporary(Path file) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return file.resolveSibling("." + file.getFileName() + ".tmp-" + HexFormat.of().formatHex(random));
    }
}
