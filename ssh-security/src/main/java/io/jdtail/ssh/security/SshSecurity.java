package io.jdtail.ssh.security;

import java.util.List;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Chooses the crypto MINA SSHD uses, before it first looks (it reads the choice once per JVM):
 * the JDK's providers, with Ed25519 through {@link Ed25519Registrar}, instead of BouncyCastle's
 * JCA provider. Building that provider registers a mapping for every algorithm BouncyCastle has:
 * some 110 ms of every client's start, and 850 classes and a 10,000-entry map kept for good in
 * dserver. BouncyCastle's lightweight API stays for what the JDK lacks or does slowly: ML-KEM in
 * the mlkem768x25519-sha256 key exchange (MINA uses it directly) and Ed25519 signatures.
 *
 * <p>A JVM started with MINA's own system property ({@value SecurityUtils#SECURITY_PROVIDER_REGISTRARS})
 * or in MINA's FIPS mode keeps that choice.
 */
public final class SshSecurity {

    /** MINA's registrars, in order: its SunJCE wrapper (AES, HMAC), then Ed25519. */
    private static final List<String> REGISTRARS = List.of(
            "org.apache.sshd.common.util.security.SunJCESecurityProviderRegistrar",
            Ed25519Registrar.class.getName());

    private SshSecurity() {
    }

    /** Idempotent; call before the first use of MINA SSHD in the JVM. */
    public static void install() {
        if (System.getProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS) == null && !Boolean.getBoolean(SecurityUtils.FIPS_ENABLED)) {
            System.setProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS, String.join(",", REGISTRARS));
        }
    }
}
