package io.jdtail.config;

import java.util.regex.Pattern;

/**
 * Login names jdtail accepts at all, from a client or for a job: letters, digits, {@code . _ @ -}, not starting
 * with {@code -} or {@code .}, at most 64 characters. Anything else never reaches a file name or a process argument.
 */
public final class LoginName {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}");

    private LoginName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
