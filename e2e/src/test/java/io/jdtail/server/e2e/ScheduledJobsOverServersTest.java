package io.jdtail.server.e2e;

import static io.jdtail.server.e2e.E2eServers.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.server.LogCapture;
import io.jdtail.server.job.JobIdentity;
import io.jdtail.server.job.JobReports;
import io.jdtail.server.job.JobRunner;
import io.jdtail.server.job.JobServers;
import io.jdtail.server.job.ScheduledJobs;
import io.jdtail.server.ssh.JobLogins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled jobs that read from other dservers: real in-process dservers on 127.0.0.1, the source server's
 * generated job identity, AllowFrom, {@code <CacheDir>/<JobName>.authorized_keys} on the targets, and the
 * targets' host keys in the source's jobs_known_hosts.
 */
class ScheduledJobsOverServersTest {

    static final String JOB = "report";
    static final String QUERY = "select $hostname, count($line) group by $hostname";

    @TempDir
    Path dir;
    E2eServers servers;
    Path sourceCache;
    Path data;
    Path reports;

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        servers = new E2eServers(dir);
        sourceCache = dir.resolve("source-cache");
        data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        reports = Files.createDirectories(dir.resolve("reports"));
        log("app-20240315.log", 3, "rw-r--r--");
    }

    @AfterEach
    void tearDown() {
        servers.close();
    }

    Path log(String name, int lines, String mode) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Path f = Files.writeString(data.resolve(name), sb);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    /** A target: a dserver whose configuration knows job {@value #JOB} (not enabled there) with {@code allowFrom}. */
    E2eServers.Server target(String hostname, String allowFrom) throws IOException {
        return target(hostname, allowFrom, "");
    }

    /** As {@link #target(String, String)}, with more of its Server section, e.g. {@code "MaxLineLength": 1024, }. */
    E2eServers.Server target(String hostname, String allowFrom, String moreServerJson) throws IOException {
        return servers.start(hostname, moreServerJson + "\"Schedule\": [{\"Name\": \"" + JOB + "\", \"TimeRange\": [0, 24],"
                + " \"Files\": \"/unused\", \"Query\": \"select count($line)\", \"Outfile\": \"/unused.csv\","
                + " \"AllowFrom\": " + allowFrom + "}]");
    }

    /** The source server's configuration: job {@value #JOB} over {@code targets}, reading {@code files} there. */
    DtailConfig source(List<E2eServers.Server> targets, String files) throws Exception {
        String json = "{\"Common\": {\"CacheDir\": " + quote(sourceCache.toString()) + "}, \"Server\": {\"Schedule\": ["
                + "{\"Name\": \"" + JOB + "\", \"Enable\": true, \"TimeRange\": [0, 24], \"Files\": " + quote(files)
                + ", \"Query\": " + quote(QUERY) + ", \"Outfile\": " + quote(reports + "/report-$today.csv")
                + ", \"Servers\": " + quote(E2eServers.serversFlag(targets)) + "}]}}";
        return ConfigLoader.parse(json, "source").config();
    }

    ScheduledJobs scheduler(DtailConfig config, JobReports runs, String now) {
        return new ScheduledJobs(config, runs, ScheduledJobs.Options.defaults()
                .withClock(Clock.fixed(Instant.parse(now), ZoneOffset.UTC)));
    }

    /** What the operator does: copy the source's job_identity.pub into the targets' report.authorized_keys. */
    void authorizeSourceIdentity() throws IOException {
        Path pub = sourceCache.resolve(JobIdentity.FILE_NAME + ".pub");
        Path keys = servers.cacheDir.resolve(JOB + ".authorized_keys");
        Files.copy(pub, keys, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    }

    static JobReports.Run runOnce(ScheduledJobs jobs) throws Exception {
        var started = jobs.pass();
        assertEquals(1, started.size());
        return started.getFirst().get(60, TimeUnit.SECONDS);
    }

    String files() {
        return data + "/app-$today.log";
    }

    @Test
    void aJobOverServersMergesTheirResultsIntoOneCsv() throws Exception {
        E2eServers.Server alpha = target("alpha", "[\"localhost\"]");
        E2eServers.Server beta = target("beta", "\"127.0.0.1, reports.invalid\"");
        JobReports runs = new JobReports();
        try (ScheduledJobs jobs = scheduler(source(List.of(alpha, beta), files()), runs, "2024-03-15T10:00:00Z");
             LogCapture targetLog = new LogCapture(JobLogins.class)) {
            assertTrue(Files.exists(sourceCache.resolve("job_identity")), "made when the scheduler starts");
            authorizeSourceIdentity();
            JobReports.Run run = runOnce(jobs);
            assertEquals(List.of(), run.errors());
            assertEquals(2, run.rows());
            Path out = reports.resolve("report-20240315.csv");
            assertEquals("$hostname,count($line)\nalpha,3\nbeta,3\n", Files.readString(out));
            assertEquals(QUERY + " outfile " + out, Files.readString(reports.resolve("report-20240315.csv.query")),
                    "DTail's sidecar of a job: the query, \" outfile \" and the outfile, no final newline");
            assertTrue(targetLog.lines().stream().anyMatch(l -> l.startsWith("INFO job login report from /127.0.0.1:")),
                    targetLog.lines()::toString);

            // both targets' host keys were recorded on first use
            List<String> known = Files.readAllLines(sourceCache.resolve(JobServers.KNOWN_HOSTS)).stream()
                    .filter(l -> !l.isBlank()).toList();
            assertEquals(2, known.size(), known::toString);
            assertTrue(known.stream().anyMatch(l -> l.startsWith("[127.0.0.1]:" + alpha.port + " ")), known::toString);

            assertEquals(List.of(), jobs.pass(), "once a day");
        }
    }

    @Test
    void aHostNotInAllowFromIsRefusedAndTheOthersStillCount() throws Exception {
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]");
        E2eServers.Server gamma = target("gamma", "[\"192.0.2.1\", \"reports.invalid\"]");
        JobReports runs = new JobReports();
        try (ScheduledJobs jobs = scheduler(source(List.of(alpha, gamma), files()), runs, "2024-03-15T10:00:00Z");
             LogCapture targetLog = new LogCapture(JobLogins.class)) {
            authorizeSourceIdentity();
            JobReports.Run run = runOnce(jobs);
            assertEquals(1, run.errors().size(), run.errors()::toString);
            String error = run.errors().getFirst();
            assertTrue(error.startsWith(gamma.flag() + ": authentication failed"), error);
            assertTrue(error.contains("job report must exist with this host in its AllowFrom")
                    && error.contains(sourceCache.resolve("job_identity.pub").toString()), error);
            assertEquals(runs.failing(), List.of(run), "a failed run is what dtailhealth warns about");
            // what alpha sent is still the day's report
            assertEquals("$hostname,count($line)\nalpha,3\n",
                    Files.readString(reports.resolve("report-20240315.csv")));
            assertTrue(targetLog.lines().contains("WARN refusing job login report from /127.0.0.1:"
                    + portOf(targetLog, "WARN refusing job login report from /127.0.0.1:")
                    + ": 127.0.0.1 is not in the AllowFrom of job report [192.0.2.1, reports.invalid (does not"
                    + " resolve)]"), targetLog.lines()::toString);
        }
    }

    @Test
    void aTargetsLinesLongerThanItsMaxLineLengthAreCountedOnceAndLoggedByTheJob() throws Exception {
        Path f = Files.writeString(data.resolve("app-20240315.log"), "short\n" + "x".repeat(2500) + "\nshort\n");
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]", "\"MaxLineLength\": 1024, ");
        try (ScheduledJobs jobs = scheduler(source(List.of(alpha), files()), new JobReports(), "2024-03-15T10:00:00Z");
             LogCapture sourceLog = new LogCapture(JobRunner.class)) {
            authorizeSourceIdentity();
            JobReports.Run run = runOnce(jobs);
            assertEquals(List.of(), run.errors());
            assertEquals("$hostname,count($line)\nalpha,3\n", Files.readString(reports.resolve("report-20240315.csv")));
            assertTrue(sourceLog.lines().contains("WARN job report: " + alpha.flag() + ": 1 line in " + f + " was longer"
                    + " than the server's MaxLineLength (1024 bytes) and was split into 3 pieces; raise Server.MaxLineLength"
                    + " in its config to read it whole"), sourceLog.lines()::toString);
        }
    }

    /** The client port in the first log line starting with {@code prefix}. */
    static String portOf(LogCapture log, String prefix) {
        String line = log.lines().stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(prefix + "?:");
        String rest = line.substring(prefix.length());
        return rest.substring(0, rest.indexOf(':'));
    }

    @Test
    void aWrongKeyOrNoKeyIsRefusedAndNothingIsWritten() throws Exception {
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]");
        JobReports runs = new JobReports();
        try (ScheduledJobs jobs = scheduler(source(List.of(alpha), files()), runs, "2024-03-15T10:00:00Z");
             LogCapture targetLog = new LogCapture(JobLogins.class)) {
            // no key file for the job on the target: the job's name and an allowed host are not enough
            JobReports.Run run = runOnce(jobs);
            assertEquals(2, run.errors().size(), run.errors()::toString);
            assertTrue(run.errors().getFirst().startsWith(alpha.flag() + ": authentication failed"), run.errors()::toString);
            assertEquals("nothing could be read; " + reports.resolve("report-20240315.csv") + " not written (tried again"
                    + " at the next pass)", run.errors().getLast());
            assertFalse(Files.exists(reports.resolve("report-20240315.csv")), "nothing read, nothing written");
            assertTrue(targetLog.lines().stream().anyMatch(l -> l.contains("cannot be listed: "
                    + servers.cacheDir.resolve("report.authorized_keys") + " does not exist")), targetLog.lines()::toString);

            // another key listed for the job
            servers.authorize(JOB, E2eServers.ed25519());
            run = runOnce(jobs);
            assertTrue(run.errors().getFirst().startsWith(alpha.flag() + ": authentication failed"), run.errors()::toString);
            assertFalse(Files.exists(reports.resolve("report-20240315.csv")));
            assertTrue(targetLog.lines().stream().anyMatch(l -> l.contains("is not listed in "
                    + servers.cacheDir.resolve("report.authorized_keys"))), targetLog.lines()::toString);

            // fixed by the operator: the next pass makes the report
            authorizeSourceIdentity();
            run = runOnce(jobs);
            assertEquals(List.of(), run.errors());
            assertEquals("$hostname,count($line)\nalpha,3\n", Files.readString(reports.resolve("report-20240315.csv")));
        }
    }

    @Test
    void knowingTheJobsNameIsNotEnoughToLogIn() throws Exception {
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]");
        try (ScheduledJobs jobs = scheduler(source(List.of(alpha), files()), new JobReports(), "2024-03-15T10:00:00Z")) {
            authorizeSourceIdentity();
            // a key of the user root, which logs in as root, does not log in as the job
            assertThrows(IOException.class, () -> new E2eServers.RawChannel(alpha, JOB, servers.rootKey).close());
            // nor a fresh key
            KeyPair stranger = E2eServers.ed25519();
            assertThrows(IOException.class, () -> new E2eServers.RawChannel(alpha, JOB, stranger).close());
            // the job's own identity does (this is what the scheduled job uses)
            KeyPair identity = JobIdentity.load(sourceCache).keyPair();
            try (E2eServers.RawChannel ok = new E2eServers.RawChannel(alpha, JOB, identity)) {
                ok.hello();
            }
            // and a job key is no key for any other user
            assertThrows(IOException.class, () -> new E2eServers.RawChannel(alpha, "root", identity).close());
        }
    }

    @Test
    void aJobLoginReadsOnlyWhatAnyLocalUserMayRead() throws Exception {
        log("secret-20240315.log", 5, "rw-------");
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]");
        try (ScheduledJobs jobs = scheduler(source(List.of(alpha), files() + "," + data + "/secret-$today.log"),
                new JobReports(), "2024-03-15T10:00:00Z")) {
            authorizeSourceIdentity();
            JobReports.Run run = runOnce(jobs);
            assertEquals(1, run.errors().size(), run.errors()::toString);
            // refused without saying the file's owner or mode (that is in the target's log)
            assertEquals(alpha.flag() + ": " + data + "/secret-20240315.log: not allowed", run.errors().getFirst());
            assertEquals("$hostname,count($line)\nalpha,3\n", Files.readString(reports.resolve("report-20240315.csv")));
        }
    }

    @Test
    void aTargetWhoseHostKeyChangedIsRefused() throws Exception {
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]");
        log("app-20240316.log", 2, "rw-r--r--");
        JobReports runs = new JobReports();
        DtailConfig config = source(List.of(alpha), files());
        try (ScheduledJobs jobs = scheduler(config, runs, "2024-03-15T10:00:00Z")) {
            authorizeSourceIdentity();
            assertEquals(List.of(), runOnce(jobs).errors());
        }
        // the target comes back on the same port with another host key
        alpha.stop();
        Files.delete(dir.resolve("hostkeys").resolve("alpha"));
        alpha.restart();
        try (ScheduledJobs jobs = scheduler(config, runs, "2024-03-16T10:00:00Z")) {
            JobReports.Run run = runOnce(jobs);
            assertEquals(2, run.errors().size(), run.errors()::toString);
            assertTrue(run.errors().getFirst().contains("has CHANGED since it was recorded in "
                    + sourceCache.toAbsolutePath().resolve(JobServers.KNOWN_HOSTS)), run.errors()::toString);
            assertFalse(Files.exists(reports.resolve("report-20240316.csv")));
        }
    }

    @Test
    void aTargetThatIsDownIsAnErrorAndTheJobIsTriedAgain() throws Exception {
        E2eServers.Server alpha = target("alpha", "[\"127.0.0.1\"]");
        alpha.stop();
        try (ScheduledJobs jobs = scheduler(source(List.of(alpha), files()), new JobReports(), "2024-03-15T10:00:00Z")) {
            authorizeSourceIdentity();
            JobReports.Run run = runOnce(jobs);
            assertTrue(run.errors().getFirst().startsWith(alpha.flag() + ": connection refused"), run.errors()::toString);
            assertTrue(run.errors().getLast().startsWith("nothing could be read"), run.errors()::toString);
            alpha.restart();
            run = runOnce(jobs);
            assertEquals(List.of(), run.errors());
        }
    }
}
