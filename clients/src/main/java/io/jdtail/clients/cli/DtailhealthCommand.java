package io.jdtail.clients.cli;

import io.jdtail.cli.HelpLayout;
import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.engine.wire.Messages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dtailhealth", versionProvider = Version.class, usageHelpAutoWidth = true,
        customSynopsis = {"dtailhealth [OPTION]... [--server HOST[:PORT]]"},
        description = {
            "Asks one dserver how it is and prints one line, as a monitoring check does:",
            "  OK: host:port: up 3h12m, 2 running requests, 3 jobs ran",
            "  WARNING: host:port: job daily-errors failed its last run at ...: <reason>",
            "  CRITICAL: host:port: connection refused (is dserver running on port 2222?)",
            "It authenticates like the other clients (--key, the ssh-agent, ~/.ssh/id_*) and never asks about host keys: "
                    + "an unknown host key is critical unless --trustAllHosts.",
            "Without --server it does DTail's serverless check: only that this client's set-up (--cfg, the log) works; "
                    + "it then says so in a WARNING line (exit 1), since no server was checked.",
            "",
            "Example:",
            "  dtailhealth --server app1.example.org:2222"},
        optionListHeading = "Check:",
        footer = {"Exit status: 0 OK, 1 warning, 2 critical (also for a bad command line)."})
public final class DtailhealthCommand implements Callable<Integer> {

    private static final String[] LABELS = {"OK", "WARNING", "CRITICAL"};

    /** DTail's words and status for a check that reached no server (its scripts and monitoring expect them). */
    private static final String SERVERLESS_WARNING = "WARNING: All seems fine but the check only run in serverless mode,"
            + " please specify a remote server via --server hostname:port";

    @Option(names = {"--server", "-server"}, order = HelpLayout.COMMAND + 1, paramLabel = "HOST[:PORT]",
            description = "The dserver to check; none = the serverless check (a WARNING, exit 1).")
    String server;

    @Option(names = {"--port", "-port"}, order = HelpLayout.SERVERS + 3, paramLabel = "N",
            description = "Port when --server names none (default: Common.SSHPort of --cfg, else 2222).")
    Integer port;

    @Option(names = {"--user", "-user"}, order = HelpLayout.SERVERS + 4, paramLabel = "NAME", description = "User name sent to the server (default: the local user).")
    String user = System.getProperty("user.name");

    @Option(names = {"--key", "-key"}, order = HelpLayout.SERVERS + 5, paramLabel = "PATH",
            description = "Private key file; only this key is offered. Default: the ssh-agent's keys, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa.")
    Path key;

    @Option(names = {"--trustAllHosts", "-trustAllHosts"}, order = HelpLayout.SERVERS + 6, description = "Accept an unknown host key (and record it).")
    boolean trustAllHosts;

    @Option(names = {"--connectTimeout", "-connectTimeout", "--timeout", "-timeout"}, order = HelpLayout.SERVERS + 10, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for connecting, authenticating and the answer (default: ${DEFAULT-VALUE}).")
    long connectTimeout;

    @Mixin
    SetupOptions setupOptions = new SetupOptions();

    private final PrintStream out;

    public DtailhealthCommand() {
        this(System.out);
    }

    /** Prints its one line to {@code out} (tests). */
    public DtailhealthCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        SetupOptions.Setup setup;
        try {
            // the one line on stdout is the answer: problems with the log go to stderr
            setup = setupOptions.apply("dtailhealth", problem -> System.err.println("dtailhealth: warning: " + problem));
        } catch (IllegalArgumentException e) {
            return report(Messages.Health.CRITICAL, server == null ? "serverless" : server, e.getMessage());
        }
        if (server == null) {
            out.println(SERVERLESS_WARNING);
            out.flush();
            return Messages.Health.WARNING;
        }
        ServerAddress address;
        try {
            address = ServerAddress.parse(server, port != null ? port : setup.common().sshPort());
        } catch (IllegalArgumentException e) {
            return report(Messages.Health.CRITICAL, server, "bad server: " + e.getMessage());
        }
        RemoteOptions options = new RemoteOptions();
        options.user = user;
        options.key = key;
        options.trustAllHosts = trustAllHosts;
        options.connectTimeout = connectTimeout;
        options.connectionsPerCpu = 1;
        try (RemoteRun run = new RemoteRun(options.settings(), RemoteSink.partialsOnly((s, p) -> { }, (s, m) -> { }), HostPrompt.REFUSE)) {
            Messages.Health health = run.health(address);
            return report(health.status(), address.toString(), health.message());
        } catch (IOException e) {
            return report(Messages.Health.CRITICAL, address.toString(), e.getMessage());
        }
    }

    private int report(int status, String where, String message) {
        out.println(LABELS[status] + ": " + where + ": " + message);
        out.flush();
        return status;
    }
}
