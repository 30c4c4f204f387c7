package io.jdtail.server.e2e;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's inotify {@code IN_OPEN} events of one directory, in the order the files in it were opened: tells
 * whether a file was opened at all (an {@code O_PATH} look-up is no open: it runs no driver, wakes no FIFO writer).
 */
final class OpenEvents implements AutoCloseable {

    private static final int IN_OPEN = 0x20;
    private static final int IN_CLOEXEC = 02000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle INIT = function("inotify_init1", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle ADD_WATCH = function("inotify_add_watch",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle READ = function("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int fd;

    private OpenEvents(int fd) {
        this.fd = fd;
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    static OpenEvents of(Path directory) throws Throwable {
        int fd = (int) INIT.invokeExact(IN_CLOEXEC);
        if (fd < 0) {
            throw new IOException("inotify_init1 failed");
        }
        try (Arena arena = Arena.ofConfined()) {
            int wd = (int) ADD_WATCH.invokeExact(fd, arena.allocateFrom(directory.toString()), IN_OPEN);
            if (wd < 0) {
                int ignored = (int) CLOSE.invokeExact(fd);
                throw new IOException("inotify_add_watch failed on " + directory);
            }
        }
        return new OpenEvents(fd);
    }

    /** The names opened, in order, up to and including {@code last} (blocks until it is opened). */
    List<String> openedUntil(String last) throws Throwable {
        List<String> names = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(64 * 1024, 8);
            for (int reads = 0; reads < 10_000; reads++) {
                long n = (long) READ.invokeExact(fd, buffer, buffer.byteSize());
                if (n <= 0) {
                    throw new IOException("reading inotify events failed");
                }
                // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
                for (long at = 0; at < n; ) {
                    int len = buffer.get(ValueLayout.JAVA_INT, at + 12);
                    byte[] raw = buffer.asSlice(at + 16, len).toArray(ValueLayout.JAVA_BYTE);
                    int end = 0;
                    while (end < raw.length && raw[end] != 0) {
                        end++;
                    }
                    String name = new String(raw, 0, end, StandardCharsets.UTF_8);
                    names.add(name);
                    if (name.equals(last)) {
                        return names;
                    }
                    at += 16 + len;
                }
            }
        }
        throw new IOException(last + " was not seen opened");
    }

    @Override
    public void close() throws Exception {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }
}
