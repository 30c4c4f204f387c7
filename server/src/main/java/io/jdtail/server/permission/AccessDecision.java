package io.jdtail.server.permission;

import java.nio.file.Path;
import java.util.Objects;

/** Whether a user may read a file. */
public sealed interface AccessDecision {

    boolean allowed();

    /**
     * The user may read the file.
     *
     * @param requested the path as asked for
     * @param realPath  the resolved path (symlinks followed) that was checked and must be the one opened
     */
    record Allowed(Path requested, Path realPath) implements AccessDecision {
        public Allowed {
            Objects.requireNonNull(requested);
            Objects.requireNonNull(realPath);
        }

        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * The user may not read the file.
     *
     * @param requested the path as asked for
     * @param reason    a message for the user naming the file and why, e.g.
     *                  {@code /var/log/secure: user alice may not read the file (mode 0600, owner root:root)}
     */
    record Denied(Path requested, String reason) implements AccessDecision {
        public Denied {
            Objects.requireNonNull(requested);
            Objects.requireNonNull(reason);
        }

        @Override
        public boolean allowed() {
            return false;
        }
    }
}
