package io.jdtail.server.permission;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who a thread is towards the file system: its fsuid, fsgid and supplementary groups.
 *
 * @param groups the supplementary groups (for a user: all of its groups, the primary one included)
 */
public record FsIdentity(int uid, int gid, Set<Integer> groups) {

    public FsIdentity {
        groups = Set.copyOf(new TreeSet<>(groups));
    }

    /**
     * An id no file has: (uid_t) -2. An account without ids (a job login with no system account of its name) is
     * opened as it, with no groups, so that only the "other" permission bits let it read. (-1 would not do: to
     * setfsuid it means "no change".)
     */
    static final int NO_ID = -2;

    static FsIdentity of(UnixUser user) {
        return new FsIdentity(user.uid() < 0 ? NO_ID : user.uid(), user.gid() < 0 ? NO_ID : user.gid(), user.groups());
    }
}
