package io.jdtail.server.permission;

/**
 * Switches the file-system identity of the calling thread only, with the raw per-thread system calls (see
 * {@link LinuxCalls}). Meant for platform threads that do nothing else: a virtual thread may move to another
 * carrier thread between two calls, and the identity belongs to the carrier.
 */
public final class ThreadIdentity {

    private ThreadIdentity() {
    }

    /** The calling thread's identity as the kernel has it now. */
    public static FsIdentity current() throws java.io.IOException {
        return new FsIdentity(LinuxCalls.setfsuid(-1), LinuxCalls.setfsgid(-1), LinuxCalls.getgroups());
    }

    /**
     * Makes the calling thread {@code identity} towards the file system, and checks that the kernel took it
     * (setfsuid and setfsgid report no failure of their own). Needs CAP_SETUID and CAP_SETGID unless the thread
     * is that identity already.
     *
     * @throws IdentityNotTaken when the thread's identity is not {@code identity} afterwards
     */
    public static void assume(FsIdentity identity) throws IdentityNotTaken {
        try {
            if (current().equals(identity)) {
                return;
            }
            LinuxCalls.setgroups(identity.groups());
            LinuxCalls.setfsgid(identity.gid());
            LinuxCalls.setfsuid(identity.uid());
            FsIdentity now = current();
            if (!now.equals(identity)) {
                throw new IdentityNotTaken("the thread is " + now + ", not " + identity);
            }
        } catch (java.io.IOException e) {
            throw new IdentityNotTaken(e.getMessage());
        }
    }

    /** The kernel did not switch the thread's identity as asked. */
    public static final class IdentityNotTaken extends Exception {
        IdentityNotTaken(String message) {
            super(message);
        }
    }
}
