package io.jdtail.ssh.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MINA SSHD with the JDK's Ed25519 and no BouncyCastle JCA provider, against keys made by OpenSSH's ssh-keygen. */
class Ed25519KeysTest {

    static {
        SshSecurity.install();
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void minaUsesTheJdk() {
        assertThat(SecurityUtils.isBouncyCastleRegistered()).isFalse();
        assertThat(SecurityUtils.getEdDSASupport()).containsInstanceOf(Ed25519Keys.class);
        assertThat(SecurityUtils.isEDDSACurveSupported()).isTrue();
    }

    @Test
    void readsSshKeygenKeysAndSignsWhatTheirPublicHalfVerifies() throws Exception {
        Path key = sshKeygen("id_ed25519");
        KeyPair pair = onlyKey(key);
        assertThat(pair.getPublic()).isInstanceOf(EdECPublicKey.class);
        assertThat(pair.getPrivate()).isInstanceOf(EdECPrivateKey.class);
        assertThat(KeyUtils.getKeyType(pair)).isEqualTo(KeyPairProvider.SSH_ED25519);

        PublicKey fromPubFile = PublicKeyEntry.parsePublicKeyEntry(Files.readString(key.resolveSibling("id_ed25519.pub")).trim())
                .resolvePublicKey(null, null, null);
        assertThat(KeyUtils.compareKeys(fromPubFile, pair.getPublic())).isTrue();
        assertThat(PublicKeyEntry.toString(pair.getPublic()))
                .isEqualTo(Files.readString(key.resolveSibling("id_ed25519.pub")).trim().replaceFirst(" [^ ]+$", ""));

        byte[] data = "session identifier and request".getBytes(StandardCharsets.UTF_8);
        Signature signer = SecurityUtils.getEDDSASigner();
        signer.initSigner(null, pair.getPrivate());
        signer.update(null, data);
        byte[] signature = signer.sign(null);

        assertThat(verifies(fromPubFile, data, signature)).isTrue();
        data[0] ^= 1;
        assertThat(verifies(fromPubFile, data, signature)).isFalse();
    }

    @Test
    void signaturesAreBouncyCastlesAndTheJdksOwnEd25519AgreesWithThem() throws Exception {
        KeyPair pair = onlyKey(sshKeygen("interop"));
        assertThat(SecurityUtils.getSignature("Ed25519").getProvider()).isSameAs(Ed25519Signatures.PROVIDER);
        byte[] data = "exchange hash".getBytes(StandardCharsets.UTF_8);

        java.security.Signature ours = SecurityUtils.getSignature("Ed25519");
        ours.initSign(pair.getPrivate());
        ours.update(data);
        byte[] signature = ours.sign();
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519", "SunEC");
        jdk.initVerify(pair.getPublic());
        jdk.update(data);
        assertThat(jdk.verify(signature)).isTrue();

        jdk.initSign(pair.getPrivate());
        jdk.update(data);
        byte[] jdkSignature = jdk.sign();
        ours.initVerify(pair.getPublic());
        ours.update(data);
        assertThat(ours.verify(jdkSignature)).isTrue();
        ours.initVerify(pair.getPublic());
        ours.update("another hash".getBytes(StandardCharsets.UTF_8));
        assertThat(ours.verify(jdkSignature)).isFalse();
    }

    @Test
    void generatedKeysAreWrittenInTheOpenSshFormatThatSshKeygenReads() throws Exception {
        KeyPair generated = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        Path file = dir.resolve("generated");
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(generated, "generated", null, out);
        }
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        assertThat(KeyUtils.compareKeyPairs(onlyKey(file), generated)).isTrue();
        String fromSshKeygen = run("ssh-keygen", "-y", "-f", file.toString());
        assertThat(fromSshKeygen.trim()).startsWith(PublicKeyEntry.toString(generated.getPublic()));
    }

    @Test
    void recoversThePublicKeyOfAPrivateKey() throws Exception {
        KeyPair pair = onlyKey(sshKeygen("recover"));
        PublicKey recovered = SecurityUtils.recoverEDDSAPublicKey(pair.getPrivate());
        assertThat(KeyUtils.compareKeys(recovered, pair.getPublic())).isTrue();
    }

    @Test
    void ed448KeysAreRefusedNotMisread() throws Exception {
        KeyPair ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        java.security.Signature ours = SecurityUtils.getSignature("Ed25519");
        assertThatThrownBy(() -> ours.initVerify(ed448.getPublic())).isInstanceOf(java.security.InvalidKeyException.class)
                .hasMessageContaining("57 bytes");
        assertThatThrownBy(() -> ours.initSign(ed448.getPrivate())).isInstanceOf(java.security.InvalidKeyException.class)
                .hasMessageContaining("57 bytes");
    }

    @Test
    void refusesSizesEd25519DoesNotHave() {
        assertThatThrownBy(() -> KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 384))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("384");
    }

    private static boolean verifies(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature verifier = SecurityUtils.getEDDSASigner();
        verifier.initVerifier(null, key);
        verifier.update(null, data);
        return verifier.verify(null, signature);
    }

    private static KeyPair onlyKey(Path file) throws IOException, GeneralSecurityException {
        List<KeyPair> keys = new ArrayList<>();
        new FileKeyPairProvider(file).loadKeys(null).forEach(keys::add);
        assertThat(keys).hasSize(1);
        return keys.getFirst();
    }

    private Path sshKeygen(String name) throws Exception {
        Path key = dir.resolve(name);
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test@jdtail", "-f", key.toString());
        return key;
    }

    private static String run(String... command) throws Exception {
        boolean present = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            present |= Files.isExecutable(Path.of(d, command[0]));
        }
        if (!present && System.getenv("CI") != null) {
            fail("OpenSSH's " + command[0] + " is missing: apt-get install -y openssh-client");
        }
        assumeTrue(present, command[0] + " not installed (apt-get install -y openssh-client)");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
