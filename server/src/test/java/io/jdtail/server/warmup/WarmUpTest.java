package io.jdtail.server.warmup;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up runs the real request path of a real dserver (SSH on 127.0.0.1, the session handler, the planner, the
 * execution pipeline, the frame writer) and gets what a client's request gets: every line for dcat, the matching lines
 * for dgrep, the map-reduce figures of every REQUEST line. The expected answers are counted here from the same log.
 */
class WarmUpTest {

    private static final long LOG_BYTES = 64 << 10;
    private static final Pattern REQUEST = Pattern.compile("MAPREDUCE:REQUEST\\|method=([A-Z]+)\\|status=([0-9]+)\\|");

    @TempDir
    static Path dir;
    static Dserver server;
    static Path cacheDir;
    static List<WarmUp.Answer> answers;
    /** The warm-up, once it ended: dserver keeps nothing of it (its SSH client, its buffers). */
    static WeakReference<WarmUp> ended;

    @BeforeAll
    static void warmUp() throws Exception {
        cacheDir = Files.createDirectories(dir.resolve("cache"));
        DtailConfig d = DtailConfig.defaults();
        DtailConfig config = d.withCommon(d.common().withCacheDir(cacheDir.toString()))
                .withServer(d.server().withHostKeyFile(cacheDir.resolve("ssh_host_key").toString()));
        server = Dserver.start(config, DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0),
                new PlanSessionHandler(config, HostContext.local()));
        WarmUp warmUp = new WarmUp(server, cacheDir, LOG_BYTES);
        answers = warmUp.run();
        ended = new WeakReference<>(warmUp);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachRequestGetsWhatAClientWouldGet() throws Exception {
        List<String> lines = Files.readAllLines(WarmUpLog.write(dir.resolve("expected.log"), LOG_BYTES),
                StandardCharsets.US_ASCII);
        long matching = lines.stream().filter(l -> l.contains(WarmUpLog.ERROR_TEXT)).count();
        long requests = 0;
        Set<String> groups = new HashSet<>();
        for (String line : lines) {
            Matcher m = REQUEST.matcher(line);
            if (m.find()) {
                requests++;
                groups.add(m.group(2) + " " + m.group(1));
            }
        }
        assertThat(matching).isPositive();
        assertThat(groups.size()).isGreaterThan(10);

        assertThat(answers).hasSize(6);
        for (WarmUp.Answer a : answers) {
            assertThat(a.problems()).as(a.request().mode() + " problems").isEmpty();
            switch (a.request().mode()) {
                case CAT -> assertThat(a.lines()).as("dcat's lines").isEqualTo(lines.size());
                case GREP -> assertThat(a.lines()).as("dgrep's lines").isEqualTo(matching);
                case MAP -> {
                    assertThat(a.partials()).isEqualTo(1);
                    assertThat(a.rows()).as("rows aggregated").isEqualTo(requests);
                    assertThat(a.groups()).as("groups").isEqualTo(groups.size());
                }
                case TAIL -> throw new AssertionError("the warm-up follows no file");
            }
        }
        assertThat(answers).extracting(a -> a.request().mode()).containsExactly(PlanRequest.Mode.CAT,
                PlanRequest.Mode.GREP, PlanRequest.Mode.MAP, PlanRequest.Mode.CAT, PlanRequest.Mode.GREP, PlanRequest.Mode.MAP);
    }

    @Test
    void leavesNoLogAndNoLoginBehind() {
        assertThat(cacheDir).as("its log, deleted").isDirectoryNotContaining("glob:**/warm-up*");
        assertThat(server.warmUpLogin().expect(new java.net.InetSocketAddress("127.0.0.1", 40000),
                cacheDir.resolve("warm-up/warm-up.log"))).as("the login accepts nothing more").isFalse();
    }

    /**
     * Once it ended, the warm-up is garbage: dserver holds no reference to it (its login kept the warm-up's way of
     * giving way, and with it its stopped SSH client, until a client's read-once request came, which in a dserver of
     * follows never comes).
     */
    @Test
    void dserverKeepsNothingOfItOnceItEnded() {
        for (int collections = 0; collections < 5 && ended.get() != null; collections++) {
            System.gc();
        }
        assertThat(ended.get()).as("the warm-up after 5 full collections").isNull();
    }
}
