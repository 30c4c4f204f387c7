package io.jdtail.server.cli;

import io.jdtail.cli.HelpLayout;
import io.jdtail.config.ConfigException;
import io.jdtail.config.ConfigLoader;
import io.jdtail.config.DtailConfig;
import io.jdtail.config.LoadedConfig;
import io.jdtail.engine.Release;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.logging.LogSetup;
import io.jdtail.server.job.ContinuousJobs;
import io.jdtail.server.job.JobIdentity;
import io.jdtail.server.job.JobReports;
import io.jdtail.server.job.ScheduledJobs;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.session.ServerHealth;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import io.jdtail.server.ssh.RelayLogins;
import io.jdtail.server.ssh.ServerDirectory;
import io.jdtail.server.warmup.WarmUp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dserver", versionProvider = DserverCommand.ReleaseVersion.class, usageHelpAutoWidth = true, mixinStandardHelpOptions = false,
        customSynopsis = {"dserver [OPTION]..."},
        description = {
            "The jdtail server: serves dcat, dgrep, dtail and dmap requests over SSH (public keys only). "
                    + "Keys of user U: <CacheDir>/U.authorized_keys, then ~U/.ssh/authorized_keys. The host key is made on first start.",
            "",
            "Example:",
            "  dserver --cfg /etc/dtail/dtail.json --port 2222"},
        optionListHeading = "Server:",
        footer = {"Stops cleanly on SIGTERM or Ctrl-C, or after --shutdownAfter seconds: every client is told that the server "
                + "is shutting down, then the sessions end and their files are closed.",
            "Running a server: ${sys:jdtail.home:-jdtail}/server/README.md."})
public final class DserverCommand implements Callable<Integer> {

    /** How long stopping waits for clients to hear why their sessions end. */
    static final Duration SHUTDOWN_NOTICE = Duration.ofSeconds(2);

    @Option(names = {"--cfg", "-cfg"}, order = HelpLayout.SETUP + 1, paramLabel = "PATH",
            description = "Configuration file (DTail's dtail.json keys); 'none' = built-in defaults; default: the first of the search path.")
    String cfg;

    @Option(names = {"--bindAddress", "-bindAddress"}, order = HelpLayout.COMMAND + 1, paramLabel = "ADDRESS", description = "Address to listen on (default: Server.SSHBindAddress).")
    String bindAddress;

    @Option(names = {"--port", "-port"}, order = HelpLayout.COMMAND + 2, paramLabel = "N", description = "Port to listen on (default: Common.SSHPort, 2222).")
    Integer port;

    @Option(names = {"--shutdownAfter", "-shutdownAfter"}, order = HelpLayout.COMMAND + 3, paramLabel = "SECONDS", defaultValue = "0",
            description = "Exit after this many seconds; 0 = run until stopped.")
    long shutdownAfter;

    @Option(names = {"--logLevel", "-logLevel"}, order = HelpLayout.SETUP + 2, paramLabel = "LEVEL",
            description = "Log level: error, warn, info, debug, trace (default: Common.LogLevel, info).")
    String logLevel;

    @Option(names = {"--logger", "-logger"}, order = HelpLayout.SETUP + 3, paramLabel = "TARGET", defaultValue = "fout",
            description = "Where the log goes: stderr, file (<LogDir>/dserver.log, rolled daily and at "
                    + LogSetup.MAX_FILE_SIZE + ", " + LogSetup.MAX_DAYS + " days kept) or fout (both; default).")
    String logger;

    @Option(names = {"--logDir", "-logDir"}, order = HelpLayout.SETUP + 4, paramLabel = "DIR", description = "Directory of the log file (default: Common.LogDir).")
    Path logDir;

    @Option(names = {"-h", "--help", "-help"}, order = HelpLayout.HELP + 1, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"--version", "-version"}, order = HelpLayout.HELP + 2, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    /** The version option: the release, as the clients say it. */
    static final class ReleaseVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Release.line()};
        }
    }

    /** The last run of every job (scheduled jobs record theirs here). */
    final JobReports jobReports = new JobReports();

    @Override
    public Integer call() throws Exception {
        LogSetup.Target target;
        try {
            target = LogSetup.Target.parse(logger);
        } catch (IllegalArgumentException e) {
            System.err.println("dserver: " + e.getMessage());
            return 2;
        }
        LoadedConfig loaded;
        try {
            loaded = cfg == null ? ConfigLoader.load((String) null) : ConfigLoader.load(cfg);
            ContinuousJobs.checkGraphiteTargets(loaded);
        } catch (ConfigException e) {
            System.err.println("dserver: " + e.getMessage());
            return 2;
        }
        DtailConfig config = loaded.config();
        Path logDirectory = logDir != null ? logDir : Path.of(config.common().logDir());
        if (target != LogSetup.Target.STDERR) {
            Optional<String> problem = ServerDirectory.named(logDir != null ? "--logDir" : "Common.LogDir", logDirectory, false)
                    .prepare();
            if (problem.isPresent()) {
                System.err.println("dserver: warning: " + problem.get() + "; logging to stderr only");
                target = LogSetup.Target.STDERR;
            }
        }
        try {
            Optional<Path> logFile = LogSetup.configure(target, logDirectory,
                    "dserver", LogSetup.level(logLevel != null ? logLevel : config.common().logLevel()),
                    problem -> System.err.println("dserver: warning: " + problem));
            logFile.ifPresent(f -> System.err.println("dserver: logging to " + f));
        } catch (IllegalArgumentException e) {
            System.err.println("dserver: " + e.getMessage());
            return 2;
        }
        loaded.warningTexts().forEach(w -> System.err.println("dserver: warning: " + w));
        ServerDirectory.named("Common.CacheDir", Path.of(config.common().cacheDir()), true).prepare().ifPresent(problem ->
                System.err.println("dserver: warning: " + problem + "; jobs that read other servers keep their key and known hosts there"));
        // a thread that dies of an exception nobody caught is a bug: it goes to the log with its
        // trace (not to a console nobody reads), so the failure is on record
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                LoggerFactory.getLogger(DserverCommand.class).error("thread {} failed", thread.getName(), e));
        DserverOptions options = DserverOptions.defaults();
        if (bindAddress != null) {
            options = options.withBindAddress(bindAddress);
        }
        if (port != null) {
            options = options.withPort(port);
        }
        if (config.server().relay()) {
            // made before the first request, so that the operator can copy the .pub to the servers it relays to
            try {
                JobIdentity identity = JobIdentity.load(Path.of(config.common().cacheDir()));
                System.err.println("dserver: relay: logs in to other dservers with " + identity.privateKeyFile()
                        + " (key " + identity.fingerprint() + "); on each of them, add " + identity.publicKeyFile()
                        + " to <CacheDir>/" + RelayLogins.KEYS_NAME + ".authorized_keys and this host to"
                        + " Server.RelayAllowFrom");
            } catch (IOException e) {
                System.err.println("dserver: cannot start: Server.Relay is true, but its key pair: " + e.getMessage());
                return 1;
            }
        }
        PlanSessionHandler sessions = new PlanSessionHandler(config, HostContext.local(), new ServerHealth(Clock.systemUTC(), jobReports));
        Dserver server;
        try {
            server = Dserver.start(config, options, sessions);
        } catch (IOException e) {
            System.err.println("dserver: cannot start: " + e.getMessage());
            return 1;
        }
        System.err.println("dserver: listening on " + server.boundAddress());
        // after listening, beside the first requests: the warm-up delays no connection
        Optional<WarmUp> warmUp = config.server().warmUp()
                ? Optional.of(new WarmUp(server, Path.of(config.common().cacheDir()), WarmUp.LOG_BYTES)) : Optional.empty();
        warmUp.ifPresent(WarmUp::start);
        ScheduledJobs schedule = ScheduledJobs.start(config, jobReports, ScheduledJobs.Options.defaults());
        ContinuousJobs continuous = ContinuousJobs.start(config, HostContext.local(), jobReports);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            schedule.close();
            warmUp.ifPresent(WarmUp::close);
            // tell every client why its session ends, then close the sessions (and with them the files)
            sessions.shutdown(SHUTDOWN_NOTICE);
            server.stop();
            continuous.close();
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stop));
        if (shutdownAfter > 0) {
            if (!stopped.await(shutdownAfter, TimeUnit.SECONDS)) {
                stop.run();
            }
        } else {
            stopped.await();
        }
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cl = HelpLayout.install(new CommandLine(new DserverCommand()));
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("dserver: " + ex.getMessage());
            System.err.println("Try 'dserver --help' for the options.");
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
