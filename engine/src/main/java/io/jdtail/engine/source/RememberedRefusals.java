package io.jdtail.engine.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A gate for a follow: a file it refused is not asked for again at every poll (50 a second, each refusal logged by
 * dserver) while the path still names that same file; a file swapped in is asked for at once, and the same file
 * again after {@link #ASK_AGAIN_NANOS} (its permissions may have been fixed meanwhile).
 */
public final class RememberedRefusals implements FileGate {

    static final long ASK_AGAIN_NANOS = 10_000_000_000L;

    private final FileGate gate;
    private final LongSupplier nanoClock;
    private final Map<Path, Remembered> refused = new ConcurrentHashMap<>();

    private record Remembered(Object fileKey, Refused refusal, long sinceNanos) {
    }

    public RememberedRefusals(FileGate gate) {
        this(gate, System::nanoTime);
    }

    RememberedRefusals(FileGate gate, LongSupplier nanoClock) {
        this.gate = gate;
        this.nanoClock = nanoClock;
    }

    @Override
    public Opened open(Path requested) {
        // looked at before the open: a file swapped in after this is asked for anew next time
        Object atPath = fileKeyAt(requested);
        long now = nanoClock.getAsLong();
        Remembered r = refused.get(requested);
        // null: nothing there as dserver sees it (a path the user may not look into): the same until a file appears
        if (r != null && Objects.equals(atPath, r.fileKey()) && now - r.sinceNanos() < ASK_AGAIN_NANOS) {
            return r.refusal();
        }
        Opened opened = gate.open(requested);
        if (opened instanceof Refused refusal && !refusal.missing()) {
            refused.put(requested, new Remembered(atPath, refusal, now));
        } else {
            refused.remove(requested);
        }
        return opened;
    }

    @Override
    public List<Entry> list(Path directory) {
        return gate.list(directory);
    }

    @Override
    public boolean expandsRelativePatterns() {
        return gate.expandsRelativePatterns();
    }

    private static Object fileKeyAt(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
