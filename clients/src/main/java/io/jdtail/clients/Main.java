package io.jdtail.clients;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.cli.DtailCommand;
import io.jdtail.clients.cli.DtailhealthCommand;
import io.jdtail.clients.cli.Interruption;
import java.util.Arrays;
import java.util.ServiceConfigurationError;

/** Entry point of the launchers: {@code Main COMMAND ARGS...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Main dcat|dgrep|dtail|dmap|dtailhealth [ARGS...]");
            System.exit(Commands.USAGE);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (SshWarmUp.wanted(args[0], rest)) {
            SshWarmUp.startInBackground();
            // a remote command's SSH threads may outlive main, so it ends through System.exit (see below)
            askInBackgroundWhetherExitLogs();
        }
        // dtail and dmap end on Ctrl-C with their last table; the others end at once, as cat and grep do
        Interruption interruption = switch (args[0]) {
            case "dtail", "dmap" -> Interruption.onSignals();
            default -> Interruption.onRequest();
        };
        int status = switch (args[0]) {
            case "dcat" -> Commands.execute(new DcatCommand(), rest);
            case "dgrep" -> Commands.execute(new DgrepCommand(), rest);
            case "dtail" -> Commands.execute(new DtailCommand().interruptedBy(interruption), rest);
            case "dmap" -> Commands.execute(new DmapCommand().interruptedBy(interruption), rest);
            case "dtailhealth" -> Commands.execute(new DtailhealthCommand(), rest);
            default -> {
                System.err.println("unknown command '" + args[0] + "' (known: dcat, dgrep, dtail, dmap, dtailhealth)");
                yield Commands.USAGE;
            }
        };
        System.out.flush();
        interruption.finished();
        if (status == 0 && othersAreDaemons()) {
            // the JVM ends as for any program whose main returned (exit status 0, shutdown hooks run), without
            // System.exit's question whether its logger is on: on a fast command the background question is still
            // searching the jars then, and System.exit would wait for it
            return;
        }
        System.exit(status);
    }

    /** Whether every other live thread is a daemon: then returning from main ends the JVM at once. */
    private static boolean othersAreDaemons() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && t.isAlive() && !t.isDaemon()) {
                return false;
            }
        }
        return true;
    }

    /**
     * System.exit asks whether its logger is on, and the JDK's first such question looks for a System.LoggerFinder in
     * every jar of the class path (opening all 30, 50-70 ms of CPU): asked here, on a second thread, beside the command's
     * own work. Only for remote commands: a serverless one that succeeds ends without System.exit, and that second
     * thread's search took CPU from its main thread on a 2-core machine; one that fails asks at its exit. Public for the start-up training, which calls it so that the start-up caches hold
     * its lambda's class: a lambda the cache lacks is spun at run time, and the first one made pays for the JDK's
     * class-file API's cold start (about 8 ms of every command).
     */
    public static void askInBackgroundWhetherExitLogs() {
        Thread.ofPlatform().daemon().name("jdtail-logger-lookup").start(Main::askWhetherExitLogs);
    }

    private static void askWhetherExitLogs() {
        try {
            System.getLogger(Runtime.class.getName()).isLoggable(System.Logger.Level.DEBUG);
        } catch (RuntimeException | ServiceConfigurationError e) {
            // System.exit asks again and meets the same
        }
    }
}
