package io.jdtail.ssh.security;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSAUtils;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures over the JDK's Ed25519 keys, computed by BouncyCastle's lightweight Ed25519: a
 * JCA provider of one algorithm, handed to MINA SSHD by {@link Ed25519Registrar} and never registered
 * with the JDK. The JDK's own Ed25519 (SunEC) is generic field arithmetic: 520 us a signature and
 * 610 us a verification here, against 27 and 61 us, which a client opening 1,000 sessions pays twice
 * per session, and so does each server.
 */
final class Ed25519Signatures extends Provider {

    static final Ed25519Signatures PROVIDER = new Ed25519Signatures();

    private Ed25519Signatures() {
        super("JdtailEd25519", "1.0", "Ed25519 signatures (BouncyCastle lightweight) for JDK Ed25519 keys");
        putService(new Service(this, "Signature", "Ed25519", Spi.class.getName(), List.of("EdDSA"), Map.of()) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new Spi();
            }
        });
    }

    /** One signature or verification at a time (BouncyCastle's signer keeps the message: Ed25519 hashes it twice). */
    static final class Spi extends SignatureSpi {
        private Ed25519Signer signer;

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            if (!(key instanceof EdECPublicKey)) {
                throw new InvalidKeyException("not an Ed25519 public key: " + key.getAlgorithm());
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(ed25519(EdDSAUtils.getBytes(key)), 0));
            signer = verifier;
        }

        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            if (!(key instanceof EdECPrivateKey)) {
                throw new InvalidKeyException("not an Ed25519 private key: " + key.getAlgorithm());
            }
            byte[] seed = EdDSAUtils.getBytes(key);
            Ed25519Signer sign = new Ed25519Signer();
            try {
                sign.init(true, new Ed25519PrivateKeyParameters(ed25519(seed), 0));
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
            signer = sign;
        }

        /** The raw key, when it is an Ed25519 one (EdDSAUtils also reads Ed448 keys, of 57 bytes). */
        private static byte[] ed25519(byte[] raw) throws InvalidKeyException {
            if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                throw new InvalidKeyException("not an Ed25519 key: " + raw.length + " bytes");
            }
            return raw;
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            initialised().update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            initialised().update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            try {
                return initialised().generateSignature();
            } catch (RuntimeException e) {
                throw new SignatureException("Ed25519 signing failed: " + e.getMessage(), e);
            }
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            return initialised().verifySignature(signature);
        }

        private Ed25519Signer initialised() throws SignatureException {
            if (signer == null) {
                throw new SignatureException("not initialised for signing or verification");
            }
            return signer;
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException("Ed25519 has no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException("Ed25519 has no parameters");
        }
    }
}
