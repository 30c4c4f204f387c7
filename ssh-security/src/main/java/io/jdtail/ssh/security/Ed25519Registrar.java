package io.jdtail.ssh.security;

import java.security.Provider;
import java.security.Signature;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.util.security.AbstractSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;

/**
 * Gives MINA SSHD Ed25519: the JDK's keys ({@link Ed25519Keys}) and the signatures of
 * {@link Ed25519Signatures}. Every other algorithm is left to the JDK's default provider lookup (this
 * registrar claims none of them), which is where MINA finds X25519, ECDSA, RSA, AES and the MACs once
 * BouncyCastle's JCA provider is not registered.
 */
public final class Ed25519Registrar extends AbstractSecurityProviderRegistrar {

    private static final EdDSASupport<?, ?> KEYS = new Ed25519Keys();
    private static final Set<String> SIGNATURES = Set.of("ed25519", "eddsa");

    public Ed25519Registrar() {
        super("JdtailEd25519");
    }

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public Provider getSecurityProvider() {
        return Ed25519Signatures.PROVIDER;
    }

    @Override
    public String getProviderName() {
        return Ed25519Signatures.PROVIDER.getName();
    }

    /** The provider instance is handed to MINA, not registered with the JDK. */
    @Override
    public boolean isNamedProviderUsed() {
        return false;
    }

    @Override
    public String getDefaultSecurityEntitySupportValue(Class<?> entityType) {
        return "";
    }

    @Override
    public boolean isSecurityEntitySupported(Class<?> entityType, String name) {
        return entityType == Signature.class && name != null && SIGNATURES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Optional<EdDSASupport<?, ?>> getEdDSASupport() {
        return Optional.of(KEYS);
    }
}
