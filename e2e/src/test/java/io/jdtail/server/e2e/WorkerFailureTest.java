package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.FrameCodec;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.engine.wire.Messages;
import io.jdtail.server.LogCapture;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.RawChannel;
import io.jdtail.server.e2e.E2eServers.Server;
import io.jdtail.server.session.PlanSessionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reader thread that fails never ends in silence: a query error is one (exit 2), a file that
 * makes the format or the decompressor throw is an error naming it while the other files count
 * (exit 1), and a reader thread that fails outside any file ends the command with exit 1 and the
 * failure, serverless and remote (there an ERROR frame, and dserver's log).
 */
class WorkerFailureTest extends E2eServersTest {

    /** {@code count(*)} of {@link io.jdtail.server.BrokenPluginFormat}: every line counts, a line 'boom' throws. */
    private static final String COUNT = "select count(*) logformat brokenplugin";

    @Test
    void anIntervalTooLongForADurationIsAQueryErrorServerlessAndRemote() throws Exception {
        Path log = Files.writeString(dir.resolve("a.log"), "a\nb\n");
        String query = "select count(*) interval 2562048h";

        Outcome local = E2eServers.execute(new DmapCommand(), "--plain", "--query", query, log.toString());
        assertThat(local.status()).as(local.toString()).isEqualTo(2);
        assertThat(local.stderr()).contains("line 1:26", "interval", "24h");
        assertThat(local.out()).isEmpty();

        Server server = fixture.start("e2e-interval");
        Outcome remote = E2eServers.execute(new DmapCommand(),
                fixture.remoteArgs(List.of(server), "--plain", "--query", query, log.toString()));
        assertThat(remote.status()).as(remote.toString()).isEqualTo(2);
        assertThat(remote.stderr()).contains("line 1:26", "interval", "24h");

        // the server refuses it on its own too, as an ERROR frame (a client of another version may send it)
        try (RawChannel raw = new RawChannel(server, "root", fixture.rootKey)) {
            raw.hello();
            raw.codec.write(FrameType.REQUEST, Messages.request(PlanRequest.map(List.of(log.toString()), query)));
            raw.codec.flush();
            List<FrameCodec.Frame> frames = raw.readAll();
            assertThat(E2eServers.errors(frames)).singleElement().asString().contains("line 1:26", "24h");
            assertThat(frames).extracting(FrameCodec.Frame::type).doesNotContain(FrameType.PARTIAL);
        }
    }

    @Test
    void aFileThatMakesTheFormatOrDecompressorThrowIsAnErrorNamingItAndTheOtherFilesCount() throws Exception {
        Path good1 = Files.writeString(dir.resolve("good1.log"), "a\nb\n");
        Path bad = Files.writeString(dir.resolve("bad.log"), "boom\nnever read\n");
        Path good2 = Files.writeString(dir.resolve("good2.log"), "c\nd\ne\n");
        // a gzip and a zstd header, then garbage
        Path gz = Files.write(dir.resolve("broken.log.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6});
        Path zst = Files.write(dir.resolve("broken.log.zst"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 9, 9, 9, 9, 9, 9});
        String[] files = {good1.toString(), bad.toString(), gz.toString(), good2.toString(), zst.toString()};

        Outcome reference = E2eServers.execute(new DmapCommand(), "--plain", "--query", COUNT, good1.toString(), good2.toString());
        assertThat(reference.status()).as(reference.toString()).isZero();
        assertThat(reference.out()).contains("5");

        Outcome local = E2eServers.execute(new DmapCommand(), concat(new String[] {"--plain", "--query", COUNT}, files));
        assertThat(local.status()).as(local.toString()).isEqualTo(1);
        assertThat(local.stderr()).contains(bad + ": brokenplugin cannot read the line 'boom'", gz + ": ", zst + ": ");
        assertThat(local.out()).as("the other files' lines").isEqualTo(reference.out());

        Server server = fixture.start("e2e-broken-files");
        Outcome remote = E2eServers.execute(new DmapCommand(),
                fixture.remoteArgs(List.of(server), concat(new String[] {"--plain", "--query", COUNT}, files)));
        assertThat(remote.status()).as(remote.toString()).isEqualTo(1);
        assertThat(remote.stderr()).contains(bad + ": brokenplugin cannot read the line 'boom'", gz + ": ", zst + ": ");
        assertThat(remote.out()).isEqualTo(reference.out());
    }

    @Test
    void aReaderThreadThatFailsOutsideAnyFileEndsTheCommandWithExit1AndItsFailure() throws Exception {
        Path log = Files.writeString(dir.resolve("a.log"), "a\nb\n");
        String query = "from SETUP select count(*) logformat brokenplugin";

        Outcome local = E2eServers.execute(new DmapCommand(), "--plain", "--query", query, log.toString());
        assertThat(local.status()).as(local.toString()).isEqualTo(1);
        assertThat(local.stderr()).contains("brokenplugin cannot make a parser for table SETUP");
        // an Error (a plug-in missing a class) as much as an exception
        Outcome linkage = E2eServers.execute(new DmapCommand(), "--plain", "--query",
                "from LINKAGE select count(*) logformat brokenplugin", log.toString());
        assertThat(linkage.status()).as(linkage.toString()).isEqualTo(1);
        assertThat(linkage.stderr()).contains("NoClassDefFoundError", "MissingDependency");

        Server server = fixture.start("e2e-broken-reader");
        try (LogCapture log2 = new LogCapture(PlanSessionHandler.class)) {
            Outcome remote = E2eServers.execute(new DmapCommand(),
                    fixture.remoteArgs(List.of(server), "--plain", "--query", query, log.toString()));
            assertThat(remote.status()).as(remote.toString()).isEqualTo(1);
            assertThat(remote.stderr()).contains("ERROR|" + server.flag() + ": ", "brokenplugin cannot make a parser for table SETUP");
            assertThat(log2.lines()).anyMatch(l -> l.startsWith("ERROR ") && l.contains("brokenplugin cannot make a parser"));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * A client thread serving one server that dies of an Error (here the sink's merge, as a bug or exhausted
     * memory would) is that server's failure, named, while the other server's result still arrives; before, the
     * thread died on its own and the run reported no failure at all.
     */
    @Test
    void aClientThreadThatDiesOfAnErrorIsThatServersFailure() throws Exception {
        Path log = Files.writeString(dir.resolve("c.log"), "a\nb\n");
        Server healthy = fixture.start("e2e-healthy");
        Server broken = fixture.start("e2e-broken");
        E2eServers.RecordingSink sink = new E2eServers.RecordingSink() {
            @Override
            public void partial(io.jdtail.remote.ServerAddress server, io.jdtail.engine.wire.PartialFrame partial) {
                if (server.equals(broken.address())) {
                    throw new AssertionError("the merge broke");
                }
                super.partial(server, partial);
            }
        };

        java.util.Map<io.jdtail.remote.ServerAddress, String> failed = fixture.run(fixture.settings(), sink,
                List.of(healthy, broken), PlanRequest.map(List.of(log.toString()), "select count(*)"));

        assertThat(failed).containsOnlyKeys(broken.address());
        assertThat(failed.get(broken.address())).contains("internal error", "the merge broke");
        assertThat(sink.partials).as("the healthy server's partial").isNotEmpty();
    }

}
