package io.jdtail.server.ssh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.KeyPair;

/**
 * A process of its own for {@link UnreadableKeysTest}: a real dserver on 127.0.0.1 with the users given, each with
 * the home directory given, and a real SSH login to it as each user in turn with that user's key. Prints
 * {@code USER: true} or {@code USER: false} per user, in order; dserver's log goes to stderr. Arguments: a directory
 * for dserver's cache, then per user its name, its home directory and its private key file. One process serves
 * several logins because starting a JVM and a dserver as nobody costs seconds, a login milliseconds.
 */
public final class LoginAsChild {

    /** The uid and gid of every user given (the test's files decide what a user may read, not the number). */
    static final int UID = 1000;

    private LoginAsChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || (args.length - 1) % 3 != 0) {
            throw new IllegalArgumentException("usage: CACHE_DIR (USER HOME KEY_FILE)...");
        }
        // the test's logback configuration keeps jdtail's own INFO lines out of every other test's output
        ((Logger) LoggerFactory.getLogger("io.jdtail")).setLevel(Level.INFO);
        try (SshTestSupport t = new SshTestSupport(Path.of(args[0]))) {
            for (int i = 1; i < args.length; i += 3) {
                t.addAccount(args[i], UID, Path.of(args[i + 1]));
            }
            t.start();
            for (int i = 1; i < args.length; i += 3) {
                KeyPair key = new FileKeyPairProvider(Path.of(args[i + 2])).loadKeys(null).iterator().next();
                System.out.println(args[i] + ": " + t.canLogin(args[i], key));
            }
        }
    }
}
