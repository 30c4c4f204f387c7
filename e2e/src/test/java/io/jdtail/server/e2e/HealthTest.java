package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DtailhealthCommand;
import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.job.JobReports;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.session.ServerHealth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dtailhealth} against real dservers on loopback: one line, exit 0/1/2. */
class HealthTest extends E2eServersTest {

    JobReports jobs;
    E2eServers.Server server;

    record Check(int status, String line) {
    }

    @BeforeEach
    void start() throws Exception {
        jobs = new JobReports();
        DtailConfig config = fixture.config("healthy", "");
        server = new E2eServers.Server("healthy", config,
                new PlanSessionHandler(config, new HostContext("healthy", ZoneId.of("UTC")), new ServerHealth(Clock.systemUTC(), jobs)));
        server.start(0);
        fixture.servers.add(server);
    }

    private Check check(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("--user", E2eServers.USER, "--connectTimeout", "10"));
        Collections.addAll(args, extra);
        if (!args.contains("--key")) {
            Collections.addAll(args, "--key", fixture.rootKeyFile.toString());
        }
        int status = Commands.execute(new DtailhealthCommand(o), o, new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().count()).as("one line: " + text + err).isEqualTo(1);
        return new Check(status, text.strip());
    }

    @Test
    void aServingServerIsOk() {
        Check c = check("--server", "127.0.0.1:" + server.port, "--trustAllHosts");
        assertThat(c.status()).isZero();
        assertThat(c.line()).startsWith("OK: 127.0.0.1:" + server.port + ": up ").contains("0 running requests");
    }

    @Test
    void aJobThatFailedItsLastRunIsAWarningUntilItRunsWell() {
        jobs.record(new JobReports.Run("daily-errors", Instant.parse("2026-11-25T03:00:00Z"), Duration.ofSeconds(2), 0,
                List.of("/var/log/app.log: permission denied")));
        jobs.record(new JobReports.Run("goroutines", Instant.parse("2026-11-25T03:00:00Z"), Duration.ofMillis(5), 3, List.of()));

        Check warned = check("--server", "127.0.0.1:" + server.port, "--trustAllHosts");
        assertThat(warned.status()).isEqualTo(1);
        assertThat(warned.line()).startsWith("WARNING: 127.0.0.1:" + server.port + ": job daily-errors failed its last run at "
                + "2026-11-25T03:00:00Z: /var/log/app.log: permission denied").doesNotContain("goroutines failed");

        jobs.record(new JobReports.Run("daily-errors", Instant.parse("2026-11-26T03:00:00Z"), Duration.ofSeconds(1), 7, List.of()));
        assertThat(check("--server", "127.0.0.1:" + server.port).status()).isZero();
    }

    /** DTail's dtail.json names the port of servers named without one; --port wins over it. */
    @Test
    void thePortOfCfgIsUsedForAServerNamedWithoutOne() throws Exception {
        Path cfg = Files.writeString(dir.resolve("dtail.json"), "{\"Common\": {\"SSHPort\": " + server.port + "}}");
        Check c = check("--server", "127.0.0.1", "--trustAllHosts", "--cfg", cfg.toString());
        assertThat(c.status()).as(c.line()).isZero();
        assertThat(c.line()).startsWith("OK: 127.0.0.1:" + server.port + ": up ");

        Check bad = check("--server", "127.0.0.1", "--trustAllHosts", "--cfg", dir.resolve("missing.json").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.line()).startsWith("CRITICAL: 127.0.0.1: ").contains("missing.json");
    }

    @Test
    void nothingListeningIsCritical() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        Check c = check("--server", "127.0.0.1:" + free, "--trustAllHosts");
        assertThat(c.status()).isEqualTo(2);
        assertThat(c.line()).isEqualTo("CRITICAL: 127.0.0.1:" + free + ": connection refused (is dserver running on port " + free + "?)");
    }

    @Test
    void anUnknownHostKeyIsCriticalWithoutTrustAllHostsAndNobodyIsAsked() {
        Check c = check("--server", "127.0.0.1:" + server.port);
        assertThat(c.status()).isEqualTo(2);
        assertThat(c.line()).startsWith("CRITICAL: 127.0.0.1:" + server.port + ": unknown host key");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsCritical() throws Exception {
        Path stranger = E2eServers.writePrivateKey(dir.resolve("stranger"), E2eServers.ed25519());
        Check c = check("--server", "127.0.0.1:" + server.port, "--trustAllHosts", "--key", stranger.toString());
        assertThat(c.status()).isEqualTo(2);
        assertThat(c.line()).startsWith("CRITICAL: 127.0.0.1:" + server.port + ": authentication failed");
    }
}
