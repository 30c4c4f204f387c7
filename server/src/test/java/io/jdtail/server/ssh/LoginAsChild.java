package io.jdtail.server.ssh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.KeyPair;

/**
 * A process of its own for {@link UnreadableKeysTest}: a real dserver on 127.0.0.1 whose user {@code alice} has
 * the home directory given, and a real SSH login to it as alice with the key given. Prints {@code login: true} or
 * {@code login: false}; dserver's log goes to stderr. Arguments: a directory for dserver's cache, alice's home,
 * the private key file.
 */
public final class LoginAsChild {

    private LoginAsChild() {
    }

    public static void main(String[] args) throws Exception {
        // the test's logback configuration keeps jdtail's own INFO lines out of every other test's output
        ((Logger) LoggerFactory.getLogger("io.jdtail")).setLevel(Level.INFO);
        KeyPair key = new FileKeyPairProvider(Path.of(args[2])).loadKeys(null).iterator().next();
        try (SshTestSupport t = new SshTestSupport(Path.of(args[0]))) {
            t.addAccount("alice", 1000, Path.of(args[1]));
            t.start();
            System.out.println("login: " + t.canLogin("alice", key));
        }
    }
}
