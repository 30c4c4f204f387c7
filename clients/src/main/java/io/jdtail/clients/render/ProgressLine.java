package io.jdtail.clients.render;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress display on a terminal's stderr: bytes read of the total and the rate. */
public final class ProgressLine {

    private final PrintStream err;
    private final long total;
    private final long startNanos = System.nanoTime();
    private boolean shown;

    public ProgressLine(PrintStream err, long totalBytes) {
        this.err = err;
        this.total = totalBytes;
    }

    public synchronized void show(long bytesRead) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        String line = total > 0
                ? String.format(Locale.ROOT, "read %s of %s (%d%%), %s/s", size(bytesRead), size(total),
                        Math.min(100, bytesRead * 100 / total), size((long) (bytesRead / seconds)))
                : String.format(Locale.ROOT, "read %s, %s/s", size(bytesRead), size((long) (bytesRead / seconds)));
        err.print("\r\u001b[2K" + line);
        err.flush();
        shown = true;
    }

    /** Removes the line so that later output starts on a clean line. */
    public synchronized void clear() {
        if (shown) {
            err.print("\r\u001b[2K");
            err.flush();
            shown = false;
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
