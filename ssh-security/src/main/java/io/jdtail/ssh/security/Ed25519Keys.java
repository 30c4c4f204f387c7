package io.jdtail.ssh.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.apache.sshd.common.config.keys.PrivateKeyEntryDecoder;
import org.apache.sshd.common.config.keys.PublicKeyEntryDecoder;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSAUtils;
import org.apache.sshd.common.util.security.eddsa.generic.GenericEd25519PublicKeyDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericOpenSSHEd25519PrivateKeyEntryDecoder;
import org.apache.sshd.common.util.security.eddsa.generic.GenericSignatureEd25519;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Ed25519 keys for MINA SSHD from the JDK's own provider (SunEC, JEP 339): key objects, generation and
 * the OpenSSH and X.509/PKCS#8 encodings, the same contract as MINA's BouncyCastle-based support. Keys
 * are {@link EdECPublicKey} and {@link EdECPrivateKey}; the key specs are their standard encodings,
 * which the JDK's key factory reads and writes. BouncyCastle's lightweight Ed25519 does the rest, as the
 * JDK has no API for deriving a public key from a private one (a PKCS#8 file without its public half)
 * and signs far slower ({@link Ed25519Signatures}).
 */
public final class Ed25519Keys implements EdDSASupport<EdECPublicKey, EdECPrivateKey> {

    private static final String KEY_ALGORITHM = "Ed25519";
    /** Resolved by MINA through {@link Ed25519Registrar}: {@link Ed25519Signatures}. */
    private static final String SIGNATURE_ALGORITHM = "Ed25519";

    @Override
    public PublicKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getEDDSAPublicKeyEntryDecoder() {
        return new PublicKeyDecoder(this);
    }

    @Override
    public PrivateKeyEntryDecoder<EdECPublicKey, EdECPrivateKey> getOpenSSHEDDSAPrivateKeyEntryDecoder() {
        return new GenericOpenSSHEd25519PrivateKeyEntryDecoder<>(EdECPublicKey.class, EdECPrivateKey.class, this);
    }

    @Override
    public Signature getEDDSASigner() {
        return new GenericSignatureEd25519(SIGNATURE_ALGORITHM);
    }

    @Override
    public int getEDDSAKeySize(Key key) {
        return isEd25519(key) ? KEY_SIZE : -1;
    }

    @Override
    public Class<EdECPublicKey> getEDDSAPublicKeyType() {
        return EdECPublicKey.class;
    }

    @Override
    public Class<EdECPrivateKey> getEDDSAPrivateKeyType() {
        return EdECPrivateKey.class;
    }

    @Override
    public boolean compareEDDSAPPublicKeys(PublicKey k1, PublicKey k2) {
        return isEd25519(k1) && isEd25519(k2) && Arrays.equals(k1.getEncoded(), k2.getEncoded());
    }

    @Override
    public boolean compareEDDSAPrivateKeys(PrivateKey k1, PrivateKey k2) {
        return isEd25519(k1) && isEd25519(k2) && Arrays.equals(k1.getEncoded(), k2.getEncoded());
    }

    @Override
    public EdECPublicKey recoverEDDSAPublicKey(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof EdECPrivateKey) || !isEd25519(key)) {
            throw new InvalidKeyException("Private key is not Ed25519");
        }
        byte[] seed = EdDSAUtils.getBytes(key);
        try {
            return generateEDDSAPublicKey(new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded());
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    @Override
    public EdECPublicKey generateEDDSAPublicKey(byte[] keyData) throws GeneralSecurityException {
        return (EdECPublicKey) keyFactory().generatePublic(EdDSAUtils.createPublicKeySpec(keyData));
    }

    @Override
    public EdECPrivateKey generateEDDSAPrivateKey(byte[] keyData) throws GeneralSecurityException, IOException {
        return (EdECPrivateKey) keyFactory().generatePrivate(EdDSAUtils.createPrivateKeySpec(keyData));
    }

    @Override
    public <B extends Buffer> B putRawEDDSAPublicKey(B buffer, PublicKey key) {
        buffer.putBytes(getPublicKeyData(checkPublic(key)));
        return buffer;
    }

    /** As in MINA's own Ed25519 supports: the key pair encoding (SSHD-440) is not implemented there either. */
    @Override
    public <B extends Buffer> B putEDDSAKeyPair(B buffer, PublicKey publicKey, PrivateKey privateKey) {
        throw new UnsupportedOperationException("Full SSHD-440 implementation N/A");
    }

    @Override
    public KeySpec createPublicKeySpec(EdECPublicKey key) {
        return new X509EncodedKeySpec(key.getEncoded());
    }

    @Override
    public KeySpec createPrivateKeySpec(EdECPrivateKey key) {
        return new PKCS8EncodedKeySpec(key.getEncoded());
    }

    @Override
    public byte[] getPublicKeyData(EdECPublicKey key) {
        if (key == null) {
            return null;
        }
        try {
            return EdDSAUtils.getBytes(key);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public byte[] getPrivateKeyData(EdECPrivateKey key) throws IOException {
        try {
            return EdDSAUtils.getBytes(key);
        } catch (InvalidKeyException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String getKeyFactoryAlgorithm() {
        return KEY_ALGORITHM;
    }

    /**
     * MINA's decoder, generating keys of the one Ed25519 size: MINA asks for 256 bits, which the JDK's
     * generator refuses (it names Ed25519 by its 255-bit field).
     */
    private static final class PublicKeyDecoder extends GenericEd25519PublicKeyDecoder<EdECPublicKey, EdECPrivateKey> {

        PublicKeyDecoder(Ed25519Keys support) {
            super(EdECPublicKey.class, EdECPrivateKey.class, support);
        }

        @Override
        public KeyPair generateKeyPair(int keySize) throws GeneralSecurityException {
            if (keySize != KEY_SIZE && keySize != 255) {
                throw new InvalidKeyException("Ed25519 keys have 256 bits, not " + keySize);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519);
            return generator.generateKeyPair();
        }
    }

    private static KeyFactory keyFactory() throws GeneralSecurityException {
        return KeyFactory.getInstance(KEY_ALGORITHM);
    }

    private static boolean isEd25519(Key key) {
        return key instanceof EdECKey ed && NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName());
    }

    private static EdECPublicKey checkPublic(PublicKey key) {
        if (key instanceof EdECPublicKey ed && isEd25519(ed)) {
            return ed;
        }
        throw new IllegalArgumentException("Not an Ed25519 public key: " + key);
    }
}
