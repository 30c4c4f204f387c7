package io.jdtail.server.permission;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A system account as the file system sees it.
 *
 * @param name   login name
 * @param uid    user id
 * @param gid    primary group id
 * @param groups every group id of the user, the primary one included
 * @param home   home directory from the passwd database, if it has one
 */
public record UnixUser(String name, int uid, int gid, Set<Integer> groups, Optional<Path> home) {

    public UnixUser {
        Objects.requireNonNull(name, "name");
        groups = Set.copyOf(groups);
        Objects.requireNonNull(home, "home");
    }

    public boolean isRoot() {
        return uid == 0;
    }

    public boolean inGroup(int groupId) {
        return gid == groupId || groups.contains(groupId);
    }
}
