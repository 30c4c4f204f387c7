package io.jdtail.server.cli;

import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.config.ConfigException;
import io.jdtail.server.config.ConfigLoader;
import io.jdtail.server.config.LoadedConfig;
import io.jdtail.server.job.ContinuousJobs;
import io.jdtail.server.job.JobReports;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dserver", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = false,
        description = {
            "The jdtail server: serves dcat, dgrep, dtail and dmap requests over SSH (public keys only).",
            "Keys of user U: <CacheDir>/U.authorized_keys, then ~U/.ssh/authorized_keys. The host key is made on first start.",
            "",
            "Example:  dserver --cfg /etc/dtail/dtail.json --port 2222"},
        footer = {"", "Stops cleanly on SIGTERM/Ctrl-C (sessions are ended, files closed) or after --shutdownAfter seconds."})
public final class DserverCommand implements Callable<Integer> {

    @Option(names = {"--cfg", "-cfg"}, paramLabel = "PATH",
            description = "Configuration file (DTail's dtail.json keys); 'none' = built-in defaults; default: the first of the search path.")
    String cfg;

    @Option(names = {"--bindAddress", "-bindAddress"}, paramLabel = "ADDRESS", description = "Address to listen on (default: Server.SSHBindAddress).")
    String bindAddress;

    @Option(names = {"--port", "-port"}, paramLabel = "N", description = "Port to listen on (default: Common.SSHPort, 2222).")
    Integer port;

    @Option(names = {"--shutdownAfter", "-shutdownAfter"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "Exit after this many seconds; 0 = run until stopped.")
    long shutdownAfter;

    @Option(names = {"--logLevel", "-logLevel"}, paramLabel = "LEVEL", description = "Log level: error, warn, info (default), debug, trace.")
    String logLevel;

    @Option(names = {"--logger", "-logger"}, paramLabel = "NAME", description = "Accepted for DTail compatibility; logging goes to stderr.")
    String logger;

    @Option(names = {"--logDir", "-logDir"}, paramLabel = "DIR", description = "Accepted for DTail compatibility (Common.LogDir).")
    String logDir;

    @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"--version", "-version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Override
    public Integer call() throws Exception {
        if (logLevel != null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
            setLogbackLevel(logLevel);
        }
        LoadedConfig loaded;
        try {
            loaded = cfg == null ? ConfigLoader.load((String) null) : ConfigLoader.load(cfg);
        } catch (ConfigException e) {
            System.err.println("dserver: " + e.getMessage());
            return 2;
        }
        loaded.warnings().forEach(w -> System.err.println("dserver: warning: " + w));
        DserverOptions options = DserverOptions.defaults();
        if (bindAddress != null) {
            options = options.withBindAddress(bindAddress);
        }
        if (port != null) {
            options = options.withPort(port);
        }
        Dserver server;
        try {
            server = Dserver.start(loaded.config(), options, new PlanSessionHandler(loaded.config(), HostContext.local()));
        } catch (IOException e) {
            System.err.println("dserver: cannot start: " + e.getMessage());
            return 1;
        }
        System.err.println("dserver: listening on " + server.boundAddress());
        JobReports reports = new JobReports();
        ContinuousJobs continuous = ContinuousJobs.start(loaded.config(), HostContext.local(), reports);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.stop();
            continuous.close();
            stopped.countDown();
        }));
        if (shutdownAfter > 0) {
            stopped.await(shutdownAfter, TimeUnit.SECONDS);
            server.stop();
            continuous.close();
        } else {
            stopped.await();
        }
        return 0;
    }

    private static void setLogbackLevel(String level) {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try {
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level");
            Object l = levelClass.getMethod("toLevel", String.class).invoke(null, level);
            root.getClass().getMethod("setLevel", levelClass).invoke(root, l);
        } catch (ReflectiveOperationException e) {
            // another SLF4J binding: it has its own configuration
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new DserverCommand());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("dserver: " + ex.getMessage());
            System.err.println("Try 'dserver --help' for the options.");
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
