package io.jdtail.engine.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of each input that were longer than the maximum line length, and so were read in pieces of that length:
 * a cat shows them whole, a grep shows and matches each piece as a line ({@code ^} matches only the line's first
 * piece, {@code $} only its last), a query makes one row of the line's first piece. None of that is silent: a run
 * counts such lines here ({@link Emitter#splitLine}) and says per input how many there were (a read when it ends, a
 * dserver's follow as it goes). Thread-safe.
 */
public final class SplitLines {

    /**
     * {@code lines} lines of {@code input} were longer than {@code maxLineLength} bytes and were read in
     * {@code pieces} pieces in all.
     */
    public record Input(String input, int maxLineLength, long lines, long pieces) {

        /**
         * What a user reads: {@code limit} names the maximum as the user sets it, {@code raise} where to raise it,
         * e.g. "1 line in /var/log/app.log was longer than --maxLineLength (1048576 bytes) and was split into
         * 191 pieces; raise --maxLineLength to read it whole".
         */
        public String sentence(String limit, String raise) {
            boolean one = lines == 1;
            return lines + (one ? " line in " : " lines in ") + input + (one ? " was" : " were") + " longer than " + limit
                    + " (" + maxLineLength + " bytes) and " + (one ? "was" : "were") + " split into " + pieces
                    + " pieces; raise " + raise + " to read " + (one ? "it" : "them") + " whole";
        }

        /** The lines and pieces counted since {@code before}, an earlier count of the same input. */
        public Input since(Input before) {
            return new Input(input, maxLineLength, lines - before.lines, pieces - before.pieces);
        }
    }

    private final Map<String, Input> byInput = new HashMap<>();

    /** One more line of {@code input} read in {@code pieces} pieces. */
    public synchronized void add(String input, int maxLineLength, long pieces) {
        byInput.merge(input, new Input(input, maxLineLength, 1, pieces),
                (a, b) -> new Input(input, maxLineLength, a.lines() + b.lines(), a.pieces() + b.pieces()));
    }

    /** The inputs with split lines, by name: reader threads count in no fixed order. */
    public synchronized List<Input> inputs() {
        List<Input> inputs = new ArrayList<>(byInput.values());
        // not Comparator.comparing: its serializable lambda is spun at run time (the start-up cache keeps none), and
        // every command asks this at its end
        inputs.sort((a, b) -> a.input().compareTo(b.input()));
        return inputs;
    }
}
