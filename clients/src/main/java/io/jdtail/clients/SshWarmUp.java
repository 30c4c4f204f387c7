package io.jdtail.clients;

import io.jdtail.ssh.security.SshSecurity;
import org.apache.sshd.client.SshClient;

/**
 * Loads the SSH stack on a second thread while the command line is parsed and the plan is made.
 * Initialising MINA SSHD's factories checks which ciphers, curves and digests the JDK offers and sets
 * up logging, a good part of every remote command's start-up, spent on a single thread unless it
 * starts early beside the rest ({@code SshSecurity} chooses the crypto providers it looks at). Class
 * initialisation is thread-safe, so whichever thread gets there first does the work and the other
 * waits for it.
 */
public final class SshWarmUp {

    private SshWarmUp() {
    }

    /**
     * Whether the command line asks for servers (so that warming up is worth a thread). bin/jdtail-launch makes
     * the same test to start a command that names no servers with the start-up cache of the serverless training.
     */
    public static boolean wanted(String command, String[] args) {
        if (command.equals("dtailhealth")) {
            return true;
        }
        for (String a : args) {
            if (a.startsWith("--servers") || a.startsWith("-servers") || a.startsWith("--discovery") || a.startsWith("-discovery")) {
                return true;
            }
        }
        return false;
    }

    public static void startInBackground() {
        // MINA SSHD reads its choice of crypto providers once per JVM, at its first use. Here and not when the class
        // is initialised: a serverless command asks wanted() and would load the SSH classes SshSecurity names.
        SshSecurity.install();
        Thread.ofPlatform().daemon().name("jdtail-ssh-warm-up").start(() -> {
            try {
                SshClient.setUpDefaultClient();
            } catch (RuntimeException | LinkageError e) {
                // the command's own use of the SSH stack meets the same problem and reports it
            }
        });
    }
}
