package io.jdtail.server.permission;

import java.util.Optional;

/** Looks up system accounts (uid, groups, home directory) by login name. */
public interface UserDirectory {

    /** The account, or empty if there is none (or the name is not a plausible login name, see {@link io.jdtail.config.LoginName}). */
    Optional<UnixUser> lookup(String name);
}
