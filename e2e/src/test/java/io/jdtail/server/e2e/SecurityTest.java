package io.jdtail.server.e2e;

import io.jdtail.remote.ServerAddress;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.LineBatch;
import io.jdtail.engine.wire.Messages;
import io.jdtail.server.e2e.E2eServers.RawChannel;
import io.jdtail.server.e2e.E2eServers.RecordingSink;
import io.jdtail.server.e2e.E2eServers.Server;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security model at the protocol level, against a real dserver: permission rules on normalized and
 * resolved paths, file-system permissions of the connecting user, bounded and validated frames, key
 * authentication, and clients that never send a request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {

    E2eServers fixture;
    Server server;
    Path dir;
    Path allowed;
    Path ok;
    Path rootOnly;
    Path secret;
    KeyPair nobodyKey;
    Path nobodyKeyFile;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        dir = tmp.toRealPath();
        fixture = new E2eServers(dir);
        allowed = Files.createDirectories(dir.resolve("allowed").resolve("dir"));
        ok = Files.writeString(allowed.resolve("ok.log"), "ok line 1\nok line 2\nok line 3\n");
        rootOnly = Files.writeString(allowed.resolve("root-only.log"), "ROOT ONLY 1\nROOT ONLY 2\n");
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
        secret = Files.writeString(dir.resolve("secret.txt"), "TOPSECRET outside the allowed tree\n");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret2.txt"), "TOPSECRET2 outside the allowed tree\n");
        Files.createSymbolicLink(allowed.resolve("link.log"), secret);
        Files.createSymbolicLink(allowed.resolve("dirlink"), outside);
        Path priv = Files.createDirectories(dir.resolve("private"));
        Files.writeString(priv.resolve("payroll-2026.csv"), "name,salary\n");
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rwx------"));
        // nobody may walk down to the allowed tree (the temp dir is 0700 by default)
        for (Path p = allowed; !p.equals(dir.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            assertThat(Files.getPosixFilePermissions(p)).as("nobody must be able to enter " + p)
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        }
        Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rw-r--r--"));

        nobodyKey = E2eServers.ed25519();
        nobodyKeyFile = E2eServers.writePrivateKey(dir.resolve("keys").resolve("nobody_ed25519"), nobodyKey);
        fixture.authorize("nobody", nobodyKey);

        String rule = "readfiles:^\\Q" + allowed + "/\\E";
        server = fixture.start("e2e-sec", "\"Permissions\": {\"Default\": [" + E2eServers.quote(rule) + "]}");
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    private RecordingSink cat(String user, Path key, String... files) throws Exception {
        RecordingSink sink = new RecordingSink();
        Map<ServerAddress, String> failed = fixture.run(fixture.settings(user, key), sink, List.of(server),
                E2eServers.cat(files));
        assertThat(failed).as("session failures").isEmpty();
        return sink;
    }

    private static String text(RecordingSink sink, Server s) {
        return new String(sink.plainBytes(s), StandardCharsets.UTF_8);
    }

    private void assertServesNormally() throws Exception {
        RecordingSink sink = cat("root", fixture.rootKeyFile, ok.toString());
        assertThat(text(sink, server)).isEqualTo(Files.readString(ok));
        assertThat(sink.problems).isEmpty();
    }

    @Test
    void pathTraversalIsRefusedByNameAndTheOtherFilesAreStillServed() throws Exception {
        String up = allowed + "/../../secret.txt";
        String passwd = allowed + "/../../../../../../../../../../etc/passwd";
        RecordingSink sink = cat("root", fixture.rootKeyFile, up, ok.toString(), passwd);

        assertThat(text(sink, server)).isEqualTo(Files.readString(ok));
        assertThat(sink.problems).hasSize(2);
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains(up).contains("not allowed"));
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains(passwd).contains("not allowed"));
    }

    @Test
    void symlinksOutOfTheAllowedTreeAreRefused() throws Exception {
        String fileLink = allowed.resolve("link.log").toString();
        String viaDirLink = allowed.resolve("dirlink").resolve("secret2.txt").toString();
        RecordingSink sink = cat("root", fixture.rootKeyFile, fileLink, viaDirLink, ok.toString());
        assertThat(text(sink, server)).isEqualTo(Files.readString(ok)).doesNotContain("TOPSECRET");
        assertThat(sink.problems).hasSize(2);
        // where the link leads is the server's log's business, not the answer's
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains(fileLink)
                .endsWith("(the path resolves to a file outside them)").doesNotContain(secret.toString()));
        assertThat(sink.problems).anySatisfy(p -> assertThat(p).contains(viaDirLink));

        // a glob over the allowed directory matches the link too: it is left out, and silently, because
        // a glob never names files the user may not read (it could otherwise list forbidden directories)
        RecordingSink globbed = cat("root", fixture.rootKeyFile, allowed + "/*.log");
        assertThat(text(globbed, server)).doesNotContain("TOPSECRET").contains("ok line 1").contains("ROOT ONLY 1");
        assertThat(globbed.problems).isEmpty();
    }

    @Test
    void fileTheUserMayNotReadByModeBitsIsRefused() throws Exception {
        RecordingSink sink = cat("nobody", nobodyKeyFile, rootOnly.toString(), ok.toString());
        assertThat(text(sink, server)).isEqualTo(Files.readString(ok)).doesNotContain("ROOT ONLY");
        // nothing about the file's owner or mode
        assertThat(sink.problems).singleElement().asString().isEqualTo(rootOnly + ": not allowed");

        RecordingSink asRoot = cat("root", fixture.rootKeyFile, rootOnly.toString());
        assertThat(text(asRoot, server)).isEqualTo(Files.readString(rootOnly));
    }

    @Test
    void denialNamesTheFileOnce() throws Exception {
        RecordingSink sink = cat("nobody", nobodyKeyFile, rootOnly.toString());
        assertThat(sink.problems).hasSize(1);
        String message = sink.problems.get(0);
        assertThat(message.split(java.util.regex.Pattern.quote(rootOnly.toString()), -1))
                .as("the path should appear once in: " + message).hasSize(2);
    }

    /** A glob is expanded by the server (root): it must not list a directory the user may not read. */
    @Test
    void globOutsideThePermittedTreeDoesNotRevealFileNames() throws Exception {
        RecordingSink sink = cat("nobody", nobodyKeyFile, dir + "/private/*", ok.toString());
        assertThat(text(sink, server)).isEqualTo(Files.readString(ok));
        assertThat(sink.problems).isNotEmpty();
        assertThat(sink.problems).noneSatisfy(p -> assertThat(p).contains("payroll-2026"));
    }

    /** Whether a file exists where the user may not look must not show in the answer. */
    @Test
    void answerForAForbiddenPathDoesNotTellWhetherItExists() throws Exception {
        String existing = dir + "/private/payroll-2026.csv";
        String missing = dir + "/private/payroll-2027.csv";
        RecordingSink sink = cat("nobody", nobodyKeyFile, existing, missing);
        assertThat(sink.problems).hasSize(2);
        String a = sink.problems.get(0).replace(existing, "PATH").replace(missing, "PATH");
        String b = sink.problems.get(1).replace(existing, "PATH").replace(missing, "PATH");
        assertThat(a).as("answers for an existing and a missing forbidden file").isEqualTo(b);
    }

    @Test
    void oversizedRequestFrameIsRefusedAndTheServerGoesOn() throws Exception {
        // only the header claims more than 1 MiB: the server must refuse before reading (or allocating) it
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.hello();
            // the header alone: the refusal must not wait for the claimed payload (the server closes the
            // channel right after it, so sending more would race with that close)
            raw.sendRaw(header(FrameType.REQUEST.code(), (1 << 20) + 1));
            List<FrameCodec.Frame> frames = raw.readAll();
            assertThat(E2eServers.errors(frames)).singleElement().asString().contains("larger than");
            assertThat(frames.getLast().type()).isEqualTo(FrameType.DONE);
            assertThat(raw.channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), E2eServers.WAIT))
                    .contains(ClientChannelEvent.CLOSED);
        }
        // the whole oversized payload really sent
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.hello();
            byte[] payload = new byte[(1 << 20) + 4096];
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    raw.sendRaw(header(FrameType.REQUEST.code(), payload.length));
                    raw.sendRaw(payload);
                } catch (Exception e) {
                    // the server may close the channel before taking it all
                }
            });
            List<FrameCodec.Frame> frames = raw.readAll();
            assertThat(E2eServers.errors(frames)).singleElement().asString().contains("larger than");
            writer.join(E2eServers.WAIT);
        }
        assertServesNormally();
    }

    @Test
    void malformedFramesAreRefusedAndTheServerGoesOn() throws Exception {
        // garbage after HELLO: an unknown frame type
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.hello();
            raw.sendRaw(new byte[] {(byte) 0xFF, 0x13, 0x37, 0x00, 0x42, 0x00, 0x00});
            List<FrameCodec.Frame> frames = raw.readAll();
            assertThat(E2eServers.errors(frames)).singleElement().asString().contains("unknown frame type 255");
            assertThat(frames.getLast().type()).isEqualTo(FrameType.DONE);
        }
        // a REQUEST frame whose payload is garbage
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.hello();
            byte[] garbage = "this is not a request at all, just some bytes".getBytes(StandardCharsets.UTF_8);
            raw.codec.write(FrameType.REQUEST, garbage);
            raw.codec.flush();
            List<FrameCodec.Frame> frames = raw.readAll();
            assertThat(E2eServers.errors(frames)).singleElement().asString().startsWith("refused:");
            assertThat(frames.getLast().type()).isEqualTo(FrameType.DONE);
        }
        // a request with a trailing byte, a negative string length, and a LINE where a REQUEST belongs
        byte[] good = Messages.request(E2eServers.cat(ok.toString()));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        byte[] negative = good.clone();
        negative[5] = (byte) 0xFF;      // first file name's length: 0xFF......
        for (byte[] payload : List.of(trailing, negative)) {
            try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
                raw.hello();
                raw.codec.write(FrameType.REQUEST, payload);
                raw.codec.flush();
                List<FrameCodec.Frame> frames = raw.readAll();
                assertThat(E2eServers.errors(frames)).singleElement().asString().startsWith("refused:");
                assertThat(frames).noneMatch(f -> f.type() == FrameType.LINE);
            }
        }
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.hello();
            LineBatch.Writer line = new LineBatch.Writer();
            line.add("x", 1, 100, true, new byte[3], 0, 3);
            raw.codec.write(FrameType.LINE, line.array(), 0, line.size());
            raw.codec.flush();
            assertThat(E2eServers.errors(raw.readAll())).singleElement().asString().contains("expected a REQUEST frame");
        }
        // not even a HELLO: someone speaking HTTP to the subsystem
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            List<FrameCodec.Frame> frames = raw.readAll();
            assertThat(E2eServers.errors(frames)).singleElement().asString().startsWith("refused:");
        }
        // a frame cut off by the client closing its side
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.hello();
            raw.sendRaw(header(FrameType.REQUEST.code(), 1000));
            raw.sendRaw(new byte[10]);
            raw.channel.getInvertedIn().close();      // EOF
            List<FrameCodec.Frame> frames = raw.readAll();
            assertThat(E2eServers.errors(frames)).singleElement().asString().contains("ended inside");
        }
        assertServesNormally();
    }

    @Test
    void unknownKeyAndWrongUserAreRefused() throws Exception {
        KeyPair stranger = E2eServers.ed25519();
        Path strangerFile = E2eServers.writePrivateKey(dir.resolve("keys").resolve("stranger"), stranger);
        record Attempt(String user, Path key) {
        }
        for (Attempt a : List.of(new Attempt("root", strangerFile),           // a key nobody listed
                new Attempt("mallory", fixture.rootKeyFile),                     // no such user
                new Attempt("nobody", fixture.rootKeyFile))) {                   // root's key is not nobody's
            RecordingSink sink = new RecordingSink();
            Map<ServerAddress, String> failed = fixture.run(fixture.settings(a.user(), a.key()), sink, List.of(server),
                    E2eServers.cat(ok.toString()));
            assertThat(failed).as(a.toString()).containsOnlyKeys(server.address());
            assertThat(failed.get(server.address())).as(a.toString()).containsIgnoringCase("authentication");
            assertThat(sink.lines).as(a.toString()).isEmpty();
        }
        assertServesNormally();
    }

    /**
     * A client that opens the channel and sends nothing (or only HELLO) is ended by the server when the
     * session's request deadline (PlanSessionHandler.REQUEST_TIMEOUT, 30 s) passes. The deadlines are kept in a
     * list this test fires, instead of waiting 30 s.
     */
    @Test
    void clientThatSendsNoRequestIsEnded() throws Exception {
        List<Runnable> due = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.jdtail.engine.wire.Handshake.Deadlines kept = (wait, action) -> {
            waits.add(wait);
            due.add(action);
            return () -> due.remove(action);
        };
        Server timed = new Server("e2e-request-deadline", fixture.config("e2e-request-deadline", ""),
                new io.jdtail.server.session.PlanSessionHandler(fixture.config("e2e-request-deadline", ""),
                        new io.jdtail.engine.operator.HostContext("e2e-request-deadline", java.time.ZoneId.of("UTC")), kept));
        timed.start(0);
        fixture.servers.add(timed);
        try (RawChannel silent = new RawChannel(timed, "root", fixture.rootKey);
             RawChannel helloOnly = new RawChannel(timed, "root", fixture.rootKey)) {
            helloOnly.hello();
            E2eServers.await(() -> due.size() == 2, E2eServers.WAIT, "both sessions' request deadlines");
            assertThat(waits).containsOnly(Duration.ofSeconds(30));
            assertThat(silent.channel.isOpen() && helloOnly.channel.isOpen()).as("open while their deadlines run").isTrue();

            due.forEach(Runnable::run);

            Duration bound = Duration.ofSeconds(30);
            Set<ClientChannelEvent> a = silent.channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), bound);
            Set<ClientChannelEvent> b = helloOnly.channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), bound);
            assertThat(a).as("silent channel").contains(ClientChannelEvent.CLOSED);
            assertThat(b).as("HELLO-only channel").contains(ClientChannelEvent.CLOSED);
            assertThat(silent.channel.getExitStatus()).isEqualTo(1);
        }
        assertServesNormally();
    }

    static byte[] header(int type, int length) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeByte(type);
        d.writeInt(length);
        d.flush();
        return b.toByteArray();
    }
}
