package io.jdtail.server.permission;

import java.util.Optional;
import java.util.regex.Pattern;

/** Looks up system accounts (uid, groups, home directory) by login name. */
public interface UserDirectory {

    /** The account, or empty if there is none (or the name is not a plausible login name). */
    Optional<UnixUser> lookup(String name);

    /**
     * Login names dserver accepts at all: letters, digits, {@code . _ @ -}, not starting with {@code -} or
     * {@code .}, at most 64 characters. Anything else never reaches a file name or a process argument.
     */
    Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}");

    static boolean isValidName(String name) {
        return name != null && VALID_NAME.matcher(name).matches();
    }
}
