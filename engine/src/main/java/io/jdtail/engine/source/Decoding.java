package io.jdtail.engine.source;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** How a file's bytes are stored: plain, gzip or zstd, told by the file name's ending. */
public enum Decoding {
    PLAIN, GZIP, ZSTD;

    public static Decoding of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            return GZIP;
        }
        if (name.endsWith(".zst") || name.endsWith(".zstd")) {
            return ZSTD;
        }
        return PLAIN;
    }

    /** True when a byte position in the file is a position in the content (ranges can be read in parallel). */
    public boolean seekable() {
        return this == PLAIN;
    }

    /**
     * An opened file's content from the start (it was just opened: read on from where it is, which a named pipe
     * needs), decompressing as needed; closing it leaves the file open.
     */
    public InputStream open(FileChannel file) throws IOException {
        return decode(ChannelInput.sequential(file));
    }

    /** Wraps raw bytes (a file, stdin) so that reads return the decompressed content. */
    public InputStream decode(InputStream raw) throws IOException {
        try {
            return switch (this) {
                case PLAIN -> raw;
                case GZIP -> new GZIPInputStream(raw, 1 << 16);
                case ZSTD -> new ZstdInputStream(raw);
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
