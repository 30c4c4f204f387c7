package io.jdtail.engine.wire;

import io.jdtail.engine.execution.SplitLines;
import io.jdtail.engine.plan.PlanRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Payloads of the frames other than PARTIAL and LINE. Strings are u32 length + UTF-8, bounded; every
 * decoder checks it consumed the whole payload.
 */
public final class Messages {

    /** Longest string a peer may send in a request (file list entries, regex, query). */
    public static final int MAX_STRING = 64 * 1024;
    public static final int MAX_FILES = 10_000;

    private Messages() {
    }

    public record Hello(String protocol, int version) {
    }

    /** A line as servers send it (in a {@link LineBatch}): which file, its number, the transmitted percentage, its bytes. */
    public record Line(String file, long number, int transmittedPercent, boolean terminated, byte[] bytes) {
    }

    /**
     * Server counters: lines sent and dropped (follow mode), whether the request waits in a queue, and the inputs
     * with lines longer than the server's maximum line length, which were split (sent once, at the end).
     */
    public record Stats(long linesSent, long linesDropped, boolean queued, List<SplitLines.Input> splitLines) {

        public Stats {
            splitLines = List.copyOf(splitLines);
        }

        public Stats(long linesSent, long linesDropped, boolean queued) {
            this(linesSent, linesDropped, queued, List.of());
        }
    }

    /**
     * A server's answer to a HEALTH frame, as a monitoring check reports it.
     *
     * @param status  0 OK, 1 warning, 2 critical (the exit status of {@code dtailhealth})
     * @param message one line saying why
     */
    public record Health(int status, String message) {

        public static final int OK = 0;
        public static final int WARNING = 1;
        public static final int CRITICAL = 2;

        public Health {
            if (status < OK || status > CRITICAL) {
                throw new IllegalArgumentException("health status " + status + " is not 0, 1 or 2");
            }
            message = message.replace('\n', ' ');
        }
    }

    public static byte[] health(Health h) {
        return encode(out -> {
            out.writeByte(h.status());
            writeString(out, h.message());
        });
    }

    public static Health health(byte[] payload) throws ProtocolException {
        return decode(payload, in -> new Health(in.readUnsignedByte(), readString(in)));
    }

    public static byte[] hello(Hello h) {
        return encode(out -> {
            writeString(out, h.protocol());
            out.writeInt(h.version());
        });
    }

    public static Hello hello(byte[] payload) throws ProtocolException {
        return decode(payload, in -> new Hello(readString(in), in.readInt()));
    }

    public static byte[] request(PlanRequest r) {
        return encode(out -> {
            out.writeByte(r.mode().ordinal());
            out.writeInt(r.files().size());
            for (String f : r.files()) {
                writeString(out, f);
            }
            writeString(out, r.regex());
            out.writeBoolean(r.invert());
            out.writeInt(r.before());
            out.writeInt(r.after());
            out.writeInt(r.max());
            out.writeBoolean(r.query().isPresent());
            if (r.query().isPresent()) {
                writeString(out, r.query().get());
            }
            out.writeBoolean(r.numbered());
        });
    }

    public static PlanRequest request(byte[] payload) throws ProtocolException {
        return decode(payload, in -> {
            int mode = in.readUnsignedByte();
            if (mode >= PlanRequest.Mode.values().length) {
                throw new ProtocolException("unknown request mode " + mode);
            }
            int n = in.readInt();
            if (n < 0 || n > MAX_FILES) {
                throw new ProtocolException("a request may name at most " + MAX_FILES + " files, not " + n);
            }
            List<String> files = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                files.add(readString(in));
            }
            String regex = readString(in);
            boolean invert = in.readBoolean();
            int before = in.readInt();
            int after = in.readInt();
            int max = in.readInt();
            Optional<String> query = in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
            boolean numbered = in.readBoolean();
            if (before < 0 || after < 0 || max < 0 || before > 10_000 || after > 10_000) {
                throw new ProtocolException("before/after/max out of range: " + before + "/" + after + "/" + max);
            }
            return new PlanRequest(PlanRequest.Mode.values()[mode], files, regex, invert, before, after, max, query, numbered);
        });
    }

    /** Most servers one RELAY frame may name, relays and the servers behind them together. */
    public static final int MAX_DOWNSTREAM = 200_000;
    /** Most relays one behind the other in a RELAY frame. */
    public static final int MAX_RELAY_DEPTH = 8;

    /**
     * A server a relay sends the request to: a leaf (nothing {@code relayed}), or a relay of its own with the
     * servers it sends it on to.
     */
    public record Downstream(HostPort server, List<Downstream> relayed) {

        public Downstream {
            relayed = List.copyOf(relayed);
        }

        public static Downstream leaf(HostPort server) {
            return new Downstream(server, List.of());
        }

        public boolean isRelay() {
            return !relayed.isEmpty();
        }

        /** The servers that read files, this one's and those behind it, in order (a relay only passes requests on). */
        public List<HostPort> leaves() {
            if (!isRelay()) {
                return List.of(server);
            }
            List<HostPort> all = new ArrayList<>();
            relayed.forEach(d -> all.addAll(d.leaves()));
            return all;
        }
    }

    /** A RELAY frame: {@code request}, to be run on {@code share}, the servers behind the relay that gets it. */
    public record RelayRequest(PlanRequest request, List<Downstream> share) {

        public RelayRequest {
            share = List.copyOf(share);
        }
    }

    /**
     * What a relay says about one of the servers behind it ({@code server}, a leaf, or a relay behind it):
     * {@link Event#FRAMES} - the one frame after this one is that server's (a frame not after one is the relay's
     * own: a problem of its own, or the partial it merged from its servers); {@link Event#FAILED} - it failed for
     * good, with the {@code reason}; {@link Event#RETRYING} - a follow lost it for the {@code reason} and tries again.
     */
    public record Origin(HostPort server, Event event, String reason) {

        public enum Event { FRAMES, FAILED, RETRYING }

        public Origin {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(event, "event");
            reason = reason.length() > MAX_STRING / 4 ? reason.substring(0, MAX_STRING / 4) : reason;
        }
    }

    public static byte[] relay(RelayRequest r) {
        return encode(out -> {
            byte[] request = request(r.request());
            out.writeInt(request.length);
            out.write(request);
            writeShare(out, r.share());
        });
    }

    public static RelayRequest relay(byte[] payload) throws ProtocolException {
        return decode(payload, in -> {
            int n = in.readInt();
            if (n < 0 || n > in.available()) {
                throw new ProtocolException("a RELAY frame's request of " + n + " bytes is longer than the frame");
            }
            byte[] request = new byte[n];
            in.readFully(request);
            return new RelayRequest(request(request), readShare(in, new int[1], 1));
        });
    }

    private static void writeShare(DataOutputStream out, List<Downstream> share) throws IOException {
        out.writeInt(share.size());
        for (Downstream d : share) {
            writeString(out, d.server().host());
            out.writeShort(d.server().port());
            writeShare(out, d.relayed());
        }
    }

    /** {@code count[0]} counts the servers read so far, against {@link #MAX_DOWNSTREAM}. */
    private static List<Downstream> readShare(DataInputStream in, int[] count, int depth) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_DOWNSTREAM - count[0]) {
            throw new ProtocolException("a RELAY frame may name at most " + MAX_DOWNSTREAM + " servers");
        }
        if (n > 0 && depth > MAX_RELAY_DEPTH) {
            throw new ProtocolException("a RELAY frame may route through at most " + MAX_RELAY_DEPTH + " relays one behind the other");
        }
        count[0] += n;
        List<Downstream> share = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            HostPort server = new HostPort(readString(in), in.readUnsignedShort());
            share.add(new Downstream(server, readShare(in, count, depth + 1)));
        }
        return share;
    }

    public static byte[] origin(Origin o) {
        return encode(out -> {
            writeString(out, o.server().host());
            out.writeShort(o.server().port());
            out.writeByte(o.event().ordinal());
            writeString(out, o.reason());
        });
    }

    public static Origin origin(byte[] payload) throws ProtocolException {
        return decode(payload, in -> {
            HostPort server = new HostPort(readString(in), in.readUnsignedShort());
            int event = in.readUnsignedByte();
            if (event >= Origin.Event.values().length) {
                throw new ProtocolException("unknown ORIGIN event " + event);
            }
            return new Origin(server, Origin.Event.values()[event], readString(in));
        });
    }

    public static byte[] stats(Stats s) {
        return encode(out -> {
            out.writeLong(s.linesSent());
            out.writeLong(s.linesDropped());
            out.writeBoolean(s.queued());
            out.writeInt(s.splitLines().size());
            for (SplitLines.Input split : s.splitLines()) {
                writeString(out, split.input());
                out.writeInt(split.maxLineLength());
                out.writeLong(split.lines());
                out.writeLong(split.pieces());
            }
        });
    }

    public static Stats stats(byte[] payload) throws ProtocolException {
        return decode(payload, in -> {
            long sent = in.readLong();
            long dropped = in.readLong();
            boolean queued = in.readBoolean();
            int n = in.readInt();
            if (n < 0 || n > MAX_FILES) {
                throw new ProtocolException("a STATS frame may name at most " + MAX_FILES + " inputs, not " + n);
            }
            List<SplitLines.Input> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(new SplitLines.Input(readString(in), in.readInt(), in.readLong(), in.readLong()));
            }
            return new Stats(sent, dropped, queued, splits);
        });
    }

    public static byte[] text(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] encode(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T decode(byte[] payload, Reader<T> r) throws ProtocolException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        try {
            T value = r.read(in);
            if (in.available() > 0) {
                throw new ProtocolException(in.available() + " unexpected bytes at the end of a frame");
            }
            return value;
        } catch (ProtocolException e) {
            throw e;
        } catch (EOFException e) {
            throw new ProtocolException("a frame ended early");
        } catch (IOException | IllegalArgumentException e) {
            throw new ProtocolException("malformed frame: " + e.getMessage());
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new ProtocolException("a string of " + n + " bytes is longer than the " + MAX_STRING + " allowed");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
