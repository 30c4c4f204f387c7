package io.jdtail.clients.cli;

import io.jdtail.remote.HostPrompt;
import io.jdtail.remote.RelayRoutes;
import io.jdtail.remote.RemoteRun;
import io.jdtail.remote.RemoteSink;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import io.jdtail.clients.render.ClientMessages;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.wire.Messages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs a request on the servers of {@code --servers}: the remote half of every client. */
final class RemoteClient {

    private RemoteClient() {
    }

    /**
     * Returns OK, FAILED (some server failed; the others' results were shown) or USAGE (bad server or relay list).
     * With {@code --relays} the servers are reached through the relays, and the end says how many answered.
     * On a terminal a stats line on stderr shows every 5 s how many servers are connected and how many lines arrive per second.
     */
    static int run(RemoteOptions options, PlanRequest request, RemoteSink sink, ClientMessages messages, boolean interactive,
                   PrintStream err, BooleanSupplier stop) throws InterruptedException {
        List<ServerAddress> servers;
        List<List<ServerAddress>> relays;
        try {
            servers = options.serverList();
        } catch (IOException | IllegalArgumentException e) {
            messages.error("bad server list: " + e.getMessage());
            return Commands.USAGE;
        }
        try {
            relays = options.relayLevels();
        } catch (IOException | IllegalArgumentException e) {
            messages.error("bad relay list: " + e.getMessage());
            return Commands.USAGE;
        }
        if (servers.isEmpty()) {
            messages.error("the server list '" + options.servers + "' names no server");
            return Commands.USAGE;
        }
        HostPrompt prompt = interactive && !options.trustAllHosts
                ? HostPrompt.terminal(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), err)
                : HostPrompt.REFUSE;
        List<Messages.Downstream> targets = RelayRoutes.of(relays, servers);
        // through relays the client's sessions are the relays' (the servers' are theirs)
        String sessionsTo = targets.size() + (relays.isEmpty() ? " servers, " : " relays, ");
        try (RemoteRun run = new RemoteRun(options.settings(), sink, prompt, messages::warn)) {
            run.onFailure((server, reason) -> messages.warn(server + ": " + reason));
            ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
            if (interactive) {
                long[] last = {0, System.nanoTime()};
                stats.scheduleAtFixedRate(() -> {
                    if (stop.getAsBoolean()) {
                        return; // the run is ending (Ctrl-C): its last words are the command's, not a status line
                    }
                    long lines = run.linesReceived();
                    long now = System.nanoTime();
                    long perSecond = (lines - last[0]) * 1_000_000_000L / Math.max(1, now - last[1]);
                    last[0] = lines;
                    last[1] = now;
                    messages.info("connected " + run.connectedCount() + "/" + sessionsTo + perSecond + " lines/s");
                }, 5, 5, TimeUnit.SECONDS);
            }
            List<ServerFailure> failures;
            try {
                failures = run.route(targets, request, stop);
            } finally {
                stats.shutdownNow();
            }
            if (relays.isEmpty()) {
                failures.forEach(f -> messages.error(f.server() + ": " + f.reason()));
            } else {
                new RelayAccounting(targets, servers.size()).report(failures, run.relayFailures(), messages);
            }
            return failures.isEmpty() && !messages.hadErrors() ? Commands.OK : Commands.FAILED;
        } catch (IOException e) {
            messages.error(e.getMessage());
            return Commands.FAILED;
        }
    }
}
