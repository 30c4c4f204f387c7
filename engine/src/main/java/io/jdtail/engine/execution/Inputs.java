package io.jdtail.engine.execution;

import io.jdtail.engine.source.FileGate;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What an {@link Execution} reads: files once, the plan's file arguments followed, one stream, or read-once files and
 * streams one after another.
 */
public sealed interface Inputs {

    /**
     * Files read once, in this order, each opened through {@code gate} when its turn comes and read only through
     * what the gate opened; a file the gate refuses is a problem and the others are read.
     */
    record ReadOnce(List<Path> files, FileGate gate) implements Inputs {
        public ReadOnce {
            files = List.copyOf(files);
            Objects.requireNonNull(gate, "gate");
        }

        /** The files, opened as this process. */
        public static ReadOnce asProcess(List<Path> files) {
            return new ReadOnce(files, FileGate.PROCESS);
        }
    }

    /**
     * The plan's file arguments (names and globs) followed until {@code stop} says so, each file opened through
     * {@code gate} (also those that appear later, and each file that takes a followed path after a rotation).
     * A file present at the start is read from its end, unless {@code fromStart} says otherwise.
     */
    record Followed(FileGate gate, Predicate<Path> fromStart, BooleanSupplier stop) implements Inputs {
        /**
         * How a problem of a follow ends when it is only a wait: a named file not there yet, a pattern that matches
         * nothing yet. The follow takes the file up when it appears, so a client shows it as a warning, not a failure.
         */
        public static final String STILL_WATCHING = " (still watching for it)";
        /**
         * What dserver tells a follow when it stops: its client reconnects, and a stop is most often a restart (an upgrade
         * of the package, systemctl restart), which dserver cannot tell from a stop for good. A warning too.
         */
        public static final String RESTARTING = "dserver is restarting (or stopping); dtail reconnects until it is back";

        public Followed {
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(fromStart, "fromStart");
            Objects.requireNonNull(stop, "stop");
        }

        /** Files opened as this process, those present at the start read from their end. */
        public static Followed asProcess(BooleanSupplier stop) {
            return new Followed(FileGate.PROCESS, p -> false, stop);
        }
    }

    /** One stream (stdin) read to its end on the calling thread; its lines are shown under {@code name}. */
    record Stream(InputStream in, String name) implements Inputs {
        public Stream {
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Read-once inputs read one after another, in this order, into the same emitter: files and stdin mixed as
     * {@code dcat a.log - b.log} names them (as {@code cat} reads them). A followed input has no end, so it cannot
     * be followed by another.
     */
    record InOrder(List<Inputs> parts) implements Inputs {
        public InOrder {
            parts = List.copyOf(parts);
            if (parts.stream().anyMatch(p -> p instanceof Followed)) {
                throw new IllegalArgumentException("followed inputs have no end: they cannot be read in order");
            }
        }
    }
}
