package io.jdtail.sink.csv;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes results as CSV (see {@link Csv}) to one file.
 *
 * <p><b>Replace mode</b> ({@code outfile "PATH"}): every {@link #write} writes the complete table
 * to a hidden temporary file next to {@code PATH}, forces it to disk and renames it over
 * {@code PATH} atomically. A reader never sees half a result, and a crash leaves the previous
 * good file in place.
 *
 * <p><b>Append mode</b> ({@code outfile append "PATH"}): every {@link #write} appends its rows
 * (under an exclusive file lock, then forced to disk). The header is written only when the file
 * is new or empty; a file that starts with a different header is refused with an
 * {@link IOException} rather than mixing columns.
 *
 * <p>The query text goes to the sidecar {@code PATH.query} byte for byte, without a newline added (DTail's
 * sidecar, which scripts read back as the query). In replace
 * mode the CSV and its sidecar are replaced as a pair with every write (see
 * {@link AtomicFiles#replacePair}): a write that fails (disk full, a file that cannot be
 * replaced) leaves the old CSV beside the old query, a successful one the new beside the new.
 * A crash in the instant between the two renames leaves the new pair set aside as
 * {@code .NAME.pending} and {@code .NAME.query.pending} beside it; the next open of {@code PATH} completes
 * it (so until then the query may be the new one beside the old CSV). Only one writer at a time
 * per outfile. In append mode the sidecar is replaced after a successful append, when it is
 * missing or differs. No sidecar is written when the request carries no query text.
 */
public final class CsvResultSink implements ResultSink {

    /** Temporary files older than this, left by a crashed writer, are removed at open. */
    static final Duration STALE_TEMPORARY_AGE = Duration.ofMinutes(10);

    private final Path path;
    private final boolean append;
    /** The sidecar's content (the query text as given); empty: no sidecar. */
    private final Optional<String> sidecarText;
    private boolean closed;

    private CsvResultSink(Path path, boolean append, Optional<String> sidecarText) {
        this.path = path;
        this.append = append;
        this.sidecarText = sidecarText;
    }

    /** Opens a sink on {@code target}; fails clearly when the file cannot be written there. */
    public static CsvResultSink open(String target, boolean append, String queryText) throws IOException {
        if (target == null || target.isBlank()) {
            throw new IOException("outfile: no file name given");
        }
        Path path = Path.of(target).toAbsolutePath().normalize();
        if (path.getFileName() == null) {
            throw new IOException("outfile \"" + target + "\" is not a file name");
        }
        checkDirectory(path);
        if (Files.isDirectory(path)) {
            throw new IOException("outfile " + path + " is a directory");
        }
        AtomicFiles.removeStaleTemporaries(path, STALE_TEMPORARY_AGE);
        Path sidecar = sidecarOf(path);
        AtomicFiles.removeStaleTemporaries(sidecar, STALE_TEMPORARY_AGE);
        try {
            AtomicFiles.recoverPair(path, sidecar);
        } catch (IOException e) {
            throw new IOException("cannot complete outfile " + path + " and " + sidecar + " that an earlier writer left: "
                    + describe(e), e);
        }
        Optional<String> sidecarText = queryText == null || queryText.isBlank() ? Optional.empty()
                : Optional.of(queryText);
        return new CsvResultSink(path, append, sidecarText);
    }

    /** The file written. */
    public Path path() {
        return path;
    }

    /** The sidecar file holding the query text. */
    public Path sidecar() {
        return sidecarOf(path);
    }

    static Path sidecarOf(Path path) {
        return path.resolveSibling(path.getFileName() + ".query");
    }

    @Override
    public synchronized void write(ResultTable table) throws IOException {
        if (closed) {
            throw new IOException("outfile " + path + ": sink is closed");
        }
        checkDirectory(path);
        try {
            if (append) {
                append(table);
                if (sidecarText.isPresent()) {
                    writeSidecarIfDifferent(sidecarText.get());
                }
            } else {
                AtomicFiles.Body body = out -> {
                    out.buffer().append(Csv.header(table.columns()));
                    for (List<ResultTable.Cell> row : table.rows()) {
                        Csv.appendRow(out.buffer(), row);
                        out.maybeFlush();
                    }
                };
                if (sidecarText.isPresent()) {
                    AtomicFiles.replacePair(path, body, sidecar(), sidecarText.get().getBytes(UTF_8));
                } else {
                    AtomicFiles.replace(path, body);
                }
            }
        } catch (ColumnMismatchException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot write outfile " + path + ": " + describe(e), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void append(ResultTable table) throws IOException {
        String header = Csv.header(table.columns());
        byte[] headerBytes = header.getBytes(UTF_8);
        try (FileChannel channel = FileChannel.open(path,
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            long size = channel.size();
            StringBuilder text = new StringBuilder();
            if (size == 0) {
                text.append(header);
            } else {
                checkHeader(channel, headerBytes);
                if (lastByte(channel, size) != '\n') {
                    // an earlier writer died mid-row: start ours on a line of its own
                    text.append('\n');
                }
            }
            channel.position(size);
            AtomicFiles.Out out = new AtomicFiles.Out(channel);
            out.buffer().append(text);
            for (List<ResultTable.Cell> row : table.rows()) {
                Csv.appendRow(out.buffer(), row);
                out.maybeFlush();
            }
            out.flush();
            channel.force(true);
        }
    }

    private void checkHeader(FileChannel channel, byte[] expected) throws IOException {
        ByteBuffer start = ByteBuffer.allocate(Math.max(expected.length, 4096));
        channel.position(0);
        while (start.hasRemaining() && channel.read(start) >= 0) {
            // read up to the buffer's size or the end of the file
        }
        byte[] have = Arrays.copyOf(start.array(), start.position());
        if (have.length >= expected.length && Arrays.equals(have, 0, expected.length, expected, 0, expected.length)) {
            return;
        }
        int end = 0;
        while (end < have.length && have[end] != '\n') {
            end++;
        }
        String found = new String(have, 0, end, UTF_8);
        throw new ColumnMismatchException("outfile " + path + " already has the columns \"" + found
                + "\" but this query writes \"" + header(expected) + "\"; refusing to mix columns"
                + " (use another outfile, or remove or move the old one)");
    }

    private static String header(byte[] headerLine) {
        return new String(headerLine, 0, headerLine.length - 1, UTF_8);
    }

    private static int lastByte(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, size - 1);
        return one.position() == 1 ? one.get(0) : -1;
    }

    private void writeSidecarIfDifferent(String content) throws IOException {
        Path sidecar = sidecar();
        try {
            if (Files.isRegularFile(sidecar) && Arrays.equals(Files.readAllBytes(sidecar), content.getBytes(UTF_8))) {
                return;
            }
            AtomicFiles.replace(sidecar, content);
        } catch (IOException e) {
            throw new IOException("cannot write query file " + sidecar + ": " + describe(e), e);
        }
    }

    private static void checkDirectory(Path path) throws IOException {
        Path dir = path.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write outfile " + path + ": directory " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
    }

    private static String describe(IOException e) {
        String kind = switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.file.NoSuchFileException n -> "no such file or directory";
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
            default -> null;
        };
        if (kind != null) {
            return kind;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The outfile holds other columns than the ones written. */
    static final class ColumnMismatchException extends IOException {
        ColumnMismatchException(String message) {
            super(message);
        }
    }
}
