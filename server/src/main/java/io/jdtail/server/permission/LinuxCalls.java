package io.jdtail.server.permission;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Linux system calls the file gate needs, made raw through {@code syscall(2)} with the JDK's foreign function
 * API. Raw, because they must act on the calling thread only: glibc's {@code setgroups()} changes every thread of
 * the process (it broadcasts the change), the kernel's system call only the caller.
 */
final class LinuxCalls {

    /** The system call numbers of one architecture. */
    private record Numbers(long openat, long close, long getgroups, long setgroups, long setfsuid, long setfsgid,
                           long capget, long capset, long fstatfs, long oDirectory) {
    }

    /** The calls' numbers, and O_DIRECTORY, which differs between the two. */
    private static final Numbers X86_64 = new Numbers(257, 3, 115, 116, 122, 123, 125, 126, 138, 0200000);
    private static final Numbers AARCH64 = new Numbers(56, 57, 158, 159, 151, 152, 90, 91, 44, 040000);
    /** openat2(2): the same number on every architecture (added with Linux 5.6). */
    private static final long OPENAT2 = 437;
    /** open_how.resolve: do not follow /proc's magic links (/proc/PID/fd/N, cwd, root, exe). */
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    static final int ENOSYS = 38;
    /** statfs.f_type of procfs and of sysfs. */
    static final long PROC_SUPER_MAGIC = 0x9fa0;
    static final long SYSFS_MAGIC = 0x62656572;

    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int ENOTDIR = 20;
    private static final long AT_FDCWD = -100;
    /** O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC (the same on x86_64 and aarch64): a FIFO never blocks the open. */
    private static final long OPEN_FLAGS = 0 | 04000 | 0400 | 02000000;
    /**
     * O_PATH | O_CLOEXEC (the same on both): a look-up that opens nothing, so no device driver's open runs and no
     * FIFO gets a reader; the file is opened for reading only once {@code fstat} says it is a regular file.
     */
    private static final long PATH_FLAGS = 010000000 | 02000000;
    private static final int CAPABILITY_VERSION_3 = 0x20080522;

    private static final Numbers NR = numbers();
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SYSCALL_L = syscall(ValueLayout.JAVA_LONG);
    private static final MethodHandle SYSCALL_LA = syscall(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
    private static final MethodHandle SYSCALL_AA = syscall(ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final MethodHandle SYSCALL_LAL = syscall(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
    private static final MethodHandle SYSCALL_LAAL = syscall(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG);
    /**
     * How Java turns file names into bytes and back ({@code sun.jnu.encoding}, from the locale): a path must reach
     * the kernel as the bytes Java's own file calls would give it, and a name Java read from a directory must
     * open the file it names.
     */
    private static final java.nio.charset.Charset FILE_NAMES = fileNameCharset();
    /** Whether the kernel has openat2 (false once it said ENOSYS). */
    private static volatile boolean openat2Known = true;

    private LinuxCalls() {
    }

    /** True on the architectures whose numbers are known (and so on Linux). */
    static boolean supported() {
        return NR != null;
    }

    private static Numbers numbers() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64" -> AARCH64;
            default -> null;
        };
    }

    private static java.nio.charset.Charset fileNameCharset() {
        try {
            return java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
    }

    private static MethodHandle syscall(MemoryLayout... args) {
        if (NR == null) {
            return null;
        }
        MemoryLayout[] all = new MemoryLayout[args.length + 1];
        all[0] = ValueLayout.JAVA_LONG;
        System.arraycopy(args, 0, all, 1, args.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, all),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    }

    /** A system call failed; {@link #errno} says how. */
    static final class Failure extends IOException {
        final int errno;

        Failure(String call, int errno) {
            super(call + " failed: errno " + errno + " (" + name(errno) + ")");
            this.errno = errno;
        }

        private static String name(int errno) {
            return switch (errno) {
                case 1 -> "EPERM";
                case ENOENT -> "ENOENT";
                case EACCES -> "EACCES";
                case ENOTDIR -> "ENOTDIR";
                case 40 -> "ELOOP";
                case 36 -> "ENAMETOOLONG";
                case 6 -> "ENXIO";
                case 18 -> "EXDEV";
                case ENOSYS -> "ENOSYS";
                default -> "see errno(3)";
            };
        }
    }

    private static long checked(String call, long result, MemorySegment captured) throws Failure {
        if (result == -1) {
            throw new Failure(call, (int) ERRNO.get(captured, 0L));
        }
        return result;
    }

    /** A downcall declares Throwable; anything but an I/O failure is a bug here, thrown on unchecked. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** {@code open(path, O_PATH|O_CLOEXEC)}: a descriptor that names the file without opening it. */
    static int lookUp(String path) throws Failure {
        return openat(path, PATH_FLAGS);
    }

    /**
     * Opens with openat2 and RESOLVE_NO_MAGICLINKS: the kernel lets a process follow its own {@code /proc/PID/fd/N}
     * (and cwd, root) links whoever it is towards the file system, past directories the user may not search. On a
     * kernel without openat2 (before 5.6) a plain openat; then {@link #fileSystemType} of the opened file tells a
     * file reached through procfs, which the caller refuses.
     */
    private static int openat(String path, long flags) throws Failure {
        if (openat2Known) {
            try {
                return openat2(path, flags);
            } catch (Failure e) {
                if (e.errno != ENOSYS) {
                    throw e;
                }
                openat2Known = false;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(CAPTURED);
            long fd = (long) SYSCALL_LAL.invokeExact(captured, NR.openat(), AT_FDCWD, arena.allocateFrom(path, FILE_NAMES), flags);
            return (int) checked("open", fd, captured);
        } catch (Failure e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** True when this kernel has openat2 (as far as known: it is tried at the first open). */
    static boolean hasOpenat2() {
        return openat2Known;
    }

    private static int openat2(String path, long flags) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(CAPTURED);
            // struct open_how { u64 flags; u64 mode; u64 resolve; }
            MemorySegment how = arena.allocate(ValueLayout.JAVA_LONG, 3);
            how.setAtIndex(ValueLayout.JAVA_LONG, 0, flags);
            how.setAtIndex(ValueLayout.JAVA_LONG, 1, 0L);
            how.setAtIndex(ValueLayout.JAVA_LONG, 2, RESOLVE_NO_MAGICLINKS);
            long fd = (long) SYSCALL_LAAL.invokeExact(captured, OPENAT2, AT_FDCWD, arena.allocateFrom(path, FILE_NAMES), how,
                    how.byteSize());
            return (int) checked("openat2", fd, captured);
        } catch (Failure e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code fstatfs(fd).f_type}: which kind of file system the open file is on (e.g. {@link #PROC_SUPER_MAGIC}). */
    static long fileSystemType(int fd) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(CAPTURED);
            // struct statfs begins with f_type (a long on both 64-bit architectures); 120 bytes in all, room for more
            MemorySegment statfs = arena.allocate(256, 8);
            checked("fstatfs", (long) SYSCALL_LA.invokeExact(captured, NR.fstatfs(), (long) fd, statfs), captured);
            return statfs.get(ValueLayout.JAVA_LONG, 0);
        } catch (Failure e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code open(path, O_RDONLY|O_DIRECTORY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC)}: a directory's new descriptor. */
    static int openDirectory(String path) throws Failure {
        return openat(path, OPEN_FLAGS | NR.oDirectory());
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            long ignored = (long) SYSCALL_L.invokeExact(arena.allocate(CAPTURED), NR.close(), (long) fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code setfsuid(uid)}: the previous fsuid (the kernel returns it whether or not the change was made). */
    static int setfsuid(int uid) {
        return (int) call1(NR.setfsuid(), uid & 0xFFFFFFFFL);
    }

    /** {@code setfsgid(gid)}: the previous fsgid. */
    static int setfsgid(int gid) {
        return (int) call1(NR.setfsgid(), gid & 0xFFFFFFFFL);
    }

    private static long call1(long nr, long arg) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) SYSCALL_L.invokeExact(arena.allocate(CAPTURED), nr, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The calling thread's supplementary groups. */
    static Set<Integer> getgroups() throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(CAPTURED);
            // how many first (a size of 0 asks only that), then exactly that many: called several times an open
            long count = checked("getgroups", (long) SYSCALL_LA.invokeExact(captured, NR.getgroups(), 0L, MemorySegment.NULL),
                    captured);
            MemorySegment list = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, count));
            long n = checked("getgroups", (long) SYSCALL_LA.invokeExact(captured, NR.getgroups(), count, list), captured);
            Set<Integer> groups = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                groups.add(list.getAtIndex(ValueLayout.JAVA_INT, i));
            }
            return groups;
        } catch (Failure e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Sets the calling thread's supplementary groups (needs CAP_SETGID). */
    static void setgroups(Collection<Integer> groups) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(CAPTURED);
            MemorySegment list = arena.allocate(ValueLayout.JAVA_INT, Math.max(1, groups.size()));
            int i = 0;
            for (int g : groups) {
                list.setAtIndex(ValueLayout.JAVA_INT, i++, g);
            }
            checked("setgroups", (long) SYSCALL_LA.invokeExact(captured, NR.setgroups(), (long) groups.size(), list), captured);
        } catch (Failure e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The calling thread's effective capabilities, a bit mask over capability numbers. */
    static long effectiveCapabilities() throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = capget(arena);
            return (data.getAtIndex(ValueLayout.JAVA_INT, 0) & 0xFFFFFFFFL)
                    | ((long) data.getAtIndex(ValueLayout.JAVA_INT, 3) << 32);
        }
    }

    /**
     * Sets the calling thread's effective capabilities to those of {@code effective} (a bit mask over capability
     * numbers) that it is permitted; the permitted set stays, so they can be raised again.
     */
    static void setEffectiveCapabilities(long effective) throws Failure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = capget(arena);
            for (int word = 0; word < 2; word++) {
                int permitted = data.getAtIndex(ValueLayout.JAVA_INT, word * 3 + 1);
                data.setAtIndex(ValueLayout.JAVA_INT, word * 3, permitted & (int) (effective >>> (32 * word)));
            }
            MemorySegment captured = arena.allocate(CAPTURED);
            checked("capset", (long) SYSCALL_AA.invokeExact(captured, NR.capset(), header(arena), data), captured);
        } catch (Failure e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Two of {effective, permitted, inheritable}: the low and the high 32 capabilities of the calling thread. */
    private static MemorySegment capget(Arena arena) throws Failure {
        try {
            MemorySegment captured = arena.allocate(CAPTURED);
            MemorySegment data = arena.allocate(ValueLayout.JAVA_INT, 6);
            checked("capget", (long) SYSCALL_AA.invokeExact(captured, NR.capget(), header(arena), data), captured);
            return data;
        } catch (Failure e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static MemorySegment header(Arena arena) {
        MemorySegment header = arena.allocate(ValueLayout.JAVA_INT, 2);
        header.setAtIndex(ValueLayout.JAVA_INT, 0, CAPABILITY_VERSION_3);
        header.setAtIndex(ValueLayout.JAVA_INT, 1, 0);      // the calling thread
        return header;
    }
}
