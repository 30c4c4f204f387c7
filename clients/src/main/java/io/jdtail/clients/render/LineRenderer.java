package io.jdtail.clients.render;

import io.jdtail.engine.execution.LineEmitter;
import io.jdtail.engine.execution.SplitLines;
import io.jdtail.engine.wire.LineBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes lines as DTail does, {@code REMOTE|<host>|<pct>|<lineno>|<file basename>|<line>}, or with
 * {@code --plain} the raw bytes only (a newline where the input had one, so output of dcat is
 * byte-identical to its input). Colours on a terminal: the host in a colour of its own, the
 * percentage green at 100 and red below, ERROR/WARN lines highlighted; control characters of lines and
 * file names shown visibly ({@link VisibleControls}), never sent to the terminal. Local lines (serverless)
 * come in through {@link LineEmitter}, server lines through {@link #remoteLines}.
 */
public final class LineRenderer implements LineEmitter {

    private static final String RESET = "\u001b[0m";
    private static final String[] HOST_COLOURS = {"\u001b[36m", "\u001b[35m", "\u001b[34m", "\u001b[32m", "\u001b[33m", "\u001b[96m"};
    private static final byte[] SEPARATOR = "--\n".getBytes(StandardCharsets.US_ASCII);

    private final RenderBuffer out;
    private final String localHost;
    private final boolean plain;
    private final boolean colour;
    private final boolean visibleControls;
    private final Consumer<String> problems;
    private final Map<String, byte[]> basenames = new HashMap<>();
    private final Map<String, byte[]> prefixes = new HashMap<>();
    private final SplitLines splitLines = new SplitLines();

    public LineRenderer(OutputStream out, String localHost, LineStyle style, Consumer<String> problems) {
        this.out = new RenderBuffer(out, 1 << 16);
        this.localHost = localHost;
        this.plain = style.plain();
        this.colour = style.colour() && !plain;
        this.visibleControls = style.visibleControls() && !plain;
        this.problems = problems;
    }

    /** A line read here (serverless): every matched line is shown, so the percentage is 100. */
    @Override
    public synchronized void line(String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
        write(localHost, 100, file, lineNumber, buf, off, len, terminated);
    }

    /** Lines from a server, each with the percentage of matched lines the server managed to send. */
    public synchronized void remoteLines(String host, LineBatch batch) {
        batch.forEach((file, number, pct, terminated, buf, off, len) -> write(host, pct, file, number, buf, off, len, terminated));
    }

    private void write(String host, int pct, String file, long lineNumber, byte[] buf, int off, int len, boolean terminated) {
        try {
            if (plain) {
                out.write(buf, off, len);
                if (terminated) {
                    out.write('\n');
                }
                return;
            }
            out.write(prefix(host, pct));
            out.write(Long.toString(lineNumber).getBytes(StandardCharsets.US_ASCII));
            out.write('|');
            byte[] name = basename(file);
            writeData(name, 0, name.length);
            out.write('|');
            String highlight = colour ? severityColour(buf, off, len) : null;
            if (highlight != null) {
                out.write(highlight.getBytes(StandardCharsets.US_ASCII));
            }
            writeData(buf, off, len);
            if (highlight != null) {
                out.write(RESET.getBytes(StandardCharsets.US_ASCII));
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes that came from a log (a line, a file name): on a terminal with their controls made visible. */
    private void writeData(byte[] buf, int off, int len) throws IOException {
        if (visibleControls) {
            VisibleControls.write(out, buf, off, len);
        } else {
            out.write(buf, off, len);
        }
    }

    private byte[] prefix(String host, int pct) {
        return prefixes.computeIfAbsent(host + "|" + pct, k -> {
            String h = colour ? HOST_COLOURS[Math.floorMod(host.hashCode(), HOST_COLOURS.length)] + host + RESET : host;
            String p = String.format("%3d", pct);
            if (colour) {
                p = (pct >= 100 ? "\u001b[32m" : "\u001b[31m") + p + RESET;
            }
            return ("REMOTE|" + h + "|" + p + "|").getBytes(StandardCharsets.UTF_8);
        });
    }

    private byte[] basename(String file) {
        return basenames.computeIfAbsent(file, f -> {
            Path name = Path.of(f).getFileName();
            return (name == null ? f : name.toString()).getBytes(StandardCharsets.UTF_8);
        });
    }

    private static String severityColour(byte[] buf, int off, int len) {
        String start = new String(buf, off, Math.min(len, 8), StandardCharsets.ISO_8859_1);
        if (start.startsWith("ERROR") || start.startsWith("FATAL") || start.startsWith("CRIT")) {
            return "\u001b[31m";
        }
        if (start.startsWith("WARN")) {
            return "\u001b[33m";
        }
        return null;
    }

    @Override
    public boolean wantsLineNumbers() {
        return !plain;
    }

    @Override
    public synchronized void separator(String file) {
        try {
            out.write(SEPARATOR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void problem(String message) {
        problems.accept(message);
    }

    @Override
    public void splitLine(String input, int maxLineLength, long pieces) {
        splitLines.add(input, maxLineLength, pieces);
    }

    /** The lines read here (serverless) that were longer than the maximum, by input. */
    public List<SplitLines.Input> splitLines() {
        return splitLines.inputs();
    }

    /** Called between buffers and polls: the moment to make lines visible. */
    @Override
    public void progress(long bytes) {
        flush();
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
