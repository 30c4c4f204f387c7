package io.jdtail.engine.operator;

import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.plan.ContextNode;

/**
 * grep's context rules for one file: {@code before} lines kept in a ring and shown ahead of a
 * selected line, {@code after} lines shown behind it, overlapping context merged, a separator
 * between non-adjacent groups (only when context was asked for), and after {@code max}
 * selected lines the trailing context and then the end of the file.
 */
public final class GrepContext {

    private final int after;
    private final int max;
    private final LineEmitter out;
    private final String file;
    private final Separators separators;
    private final byte[][] ring;
    private final int[] ringLength;
    private final long[] ringNumber;
    private final boolean[] ringTerminated;
    private int ringSize;
    private int ringStart;
    private int afterLeft;
    private long selected;
    private boolean stopping;

    /**
     * Where the last shown line was, across all files of a run: grep separates non-adjacent groups
     * also when the next group is in the next file.
     */
    public static final class Separators {
        private final boolean enabled;
        private String lastFile;
        private long lastNumber;

        public Separators(ContextNode node) {
            this.enabled = node.before() > 0 || node.after() > 0;
        }

        void beforeLine(LineEmitter out, String file, long number) {
            if (enabled && lastFile != null && (!lastFile.equals(file) || number > lastNumber + 1)) {
                out.separator(file);
            }
            lastFile = file;
            lastNumber = number;
        }
    }

    public GrepContext(ContextNode node, LineEmitter out, String file) {
        this(node, out, file, new Separators(node));
    }

    public GrepContext(ContextNode node, LineEmitter out, String file, Separators separators) {
        this.after = node.after();
        this.max = node.max();
        this.separators = separators;
        this.out = out;
        this.file = file;
        int before = node.before();
        this.ring = new byte[before][];
        this.ringLength = new int[before];
        this.ringNumber = new long[before];
        this.ringTerminated = new boolean[before];
    }

    /** Returns false once nothing more of this file can be shown (max reached, trailing context done). */
    public boolean line(long number, byte[] buf, int off, int len, boolean terminated, boolean isSelected) {
        if (stopping) {
            if (afterLeft == 0) {
                return false;
            }
            emit(number, buf, off, len, terminated);
            if (terminated) {
                afterLeft--;
            }
            return afterLeft > 0 || !terminated;
        }
        if (isSelected) {
            flushRing();
            emit(number, buf, off, len, terminated);
            afterLeft = after;
            if (terminated) {
                selected++;
                if (max > 0 && selected >= max) {
                    stopping = true;
                    return afterLeft > 0;
                }
            }
            return true;
        }
        if (afterLeft > 0) {
            emit(number, buf, off, len, terminated);
            if (terminated) {
                afterLeft--;
            }
            return true;
        }
        remember(number, buf, off, len, terminated);
        return true;
    }

    private void emit(long number, byte[] buf, int off, int len, boolean terminated) {
        separators.beforeLine(out, file, number);
        out.line(file, number, buf, off, len, terminated);
    }

    private void remember(long number, byte[] buf, int off, int len, boolean terminated) {
        if (ring.length == 0) {
            return;
        }
        int slot;
        if (ringSize < ring.length) {
            slot = (ringStart + ringSize) % ring.length;
            ringSize++;
        } else {
            slot = ringStart;
            ringStart = (ringStart + 1) % ring.length;
        }
        if (ring[slot] == null || ring[slot].length < len) {
            ring[slot] = new byte[Math.max(len, 64)];
        }
        System.arraycopy(buf, off, ring[slot], 0, len);
        ringLength[slot] = len;
        ringNumber[slot] = number;
        ringTerminated[slot] = terminated;
    }

    private void flushRing() {
        for (int i = 0; i < ringSize; i++) {
            int slot = (ringStart + i) % ring.length;
            emit(ringNumber[slot], ring[slot], 0, ringLength[slot], ringTerminated[slot]);
        }
        ringSize = 0;
        ringStart = 0;
    }
}
