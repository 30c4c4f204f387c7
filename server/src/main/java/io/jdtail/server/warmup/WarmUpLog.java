package io.jdtail.server.warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The log the warm-up reads: lines in DTail's default log format, the kind dserver serves most, mixed as in an
 * application's log: plain messages, warnings and errors (some of them {@value #ERROR_TEXT}), and the
 * {@code MAPREDUCE:REQUEST} and {@code MAPREDUCE:STATS} lines whose fields map-reduce queries aggregate. The same
 * size gives the same bytes, so what the warm-up should answer is known.
 */
public final class WarmUpLog {

    /** A text some error lines hold: what the warm-up's grep looks for. */
    public static final String ERROR_TEXT = "upstream timeout";

    private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "PUT", "DELETE");
    private static final List<String> STATUSES = List.of("200", "200", "200", "200", "200", "200", "201", "204", "304",
            "400", "404", "500", "502");
    private static final List<String> PATHS = List.of("/api/v1/users", "/api/v1/orders", "/api/v1/items", "/health",
            "/login", "/static/app.js", "/api/v2/search", "/metrics");
    private static final List<String> CALLERS = List.of("handler.go:77", "server.go:212", "stats.go:56", "db.go:131",
            "cache.go:44");
    private static final List<String> MESSAGES = List.of("Request served", "Cache miss for key",
            "Opened connection to backend", "Slow query detected", "User session refreshed", "Retrying upstream call",
            "Closed idle connection", "Scheduled job finished");
    private static final List<String> ERRORS = List.of(ERROR_TEXT + " after 3000ms", "connection reset by peer",
            "deadline exceeded", "invalid token signature");

    private WarmUpLog() {
    }

    /** Lines made afresh at most: the log repeats them, since making lines in still interpreted code costs CPU. */
    static final int BLOCK_BYTES = 256 << 10;

    /**
     * Writes about {@code bytes} of log (whole lines) to a new file {@code file}, readable by dserver's own account
     * only; the directory must exist. It is made by one open that fails if anything is there (a file, or a link, which
     * is not followed), and written through that open file, so nothing put there before or meanwhile is written to.
     * The first {@value #BLOCK_BYTES} bytes or so are made line by line; the rest repeats them (their count and mix are
     * what the warm-up needs, not variety).
     */
    public static Path write(Path file, long bytes) throws IOException {
        byte[] block = block(Math.min(bytes, BLOCK_BYTES));
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block);
            }
        }
        return file;
    }

    /** Whole lines of at least {@code bytes} (one line more than that at most). */
    private static byte[] block(long bytes) {
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder lines = new StringBuilder((int) bytes + 512);
        for (long n = 0; lines.length() < bytes; n++) {
            appendLine(lines, random, n);
            lines.append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void appendLine(StringBuilder line, SplittableRandom random, long n) {
        long second = n / 50;
        String time = "1207-" + twoDigits((second / 3600) % 24) + twoDigits((second / 60) % 60) + twoDigits(second % 60);
        double kind = random.nextDouble();
        String caller = pick(random, CALLERS);
        if (kind < 0.25) {
            line.append("INFO|").append(time).append("|4242|").append(caller).append("|2|").append(random.nextInt(10, 61))
                    .append("|7|0.").append(random.nextInt(10, 100)).append("|12h0m").append(second % 60)
                    .append("s|MAPREDUCE:REQUEST|method=").append(pick(random, METHODS))
                    .append("|status=").append(pick(random, STATUSES)).append("|path=").append(pick(random, PATHS))
                    .append("|latency=").append(random.nextInt(1, 200)).append('.').append(random.nextInt(100, 1000))
                    .append("|bytes=").append(random.nextInt(120, 90_000)).append("|user=user").append(random.nextInt(1, 5001))
                    .append("|host=warm-up");
        } else if (kind < 0.30) {
            line.append("INFO|").append(time).append("|4242|stats.go:56|2|").append(random.nextInt(10, 61)).append('|')
                    .append(random.nextInt(5, 10)).append("|0.").append(random.nextInt(10, 100)).append("|12h0m")
                    .append(second % 60).append("s|MAPREDUCE:STATS|currentConnections=").append(random.nextInt(0, 51))
                    .append("|lifetimeConnections=").append(random.nextInt(100, 100_001));
        } else if (kind < 0.34) {
            line.append("ERROR|").append(time).append("|4242|").append(caller).append('|').append(pick(random, ERRORS))
                    .append(" request_id=").append(Long.toHexString(random.nextLong())).append(" user=user")
                    .append(random.nextInt(1, 5001));
        } else if (kind < 0.39) {
            line.append("WARN|").append(time).append("|4242|").append(caller).append('|').append(pick(random, MESSAGES))
                    .append(" request_id=").append(Long.toHexString(random.nextLong())).append(" took=")
                    .append(random.nextInt(200, 9000)).append("ms");
        } else {
            line.append("INFO|").append(time).append("|4242|").append(caller).append('|').append(pick(random, MESSAGES))
                    .append(" request_id=").append(Long.toHexString(random.nextLong())).append(" user=user")
                    .append(random.nextInt(1, 5001)).append(" bytes=").append(random.nextInt(0, 65_537));
        }
    }

    private static String twoDigits(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }

    private static String pick(SplittableRandom random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
