package io.jdtail.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Asks the user once about all unknown hosts of a run. */
@FunctionalInterface
public interface HostPrompt {

    /** The hosts the user trusts (their keys are then recorded in known_hosts). */
    List<HostKeyPolicy.UnknownHost> ask(List<HostKeyPolicy.UnknownHost> unknown);

    /** Nobody to ask (not a terminal): trust none. */
    HostPrompt REFUSE = unknown -> List.of();

    /** Asks on a terminal: y (yes), a (all, also those that show up later this run), n (no), d (details). */
    static HostPrompt terminal(BufferedReader in, PrintStream err) {
        return unknown -> {
            err.println("Encountered " + unknown.size() + " unknown host" + (unknown.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", unknown.stream().map(HostKeyPolicy.UnknownHost::server).toList()));
            while (true) {
                err.print("Trust them and add them to known_hosts? (y=yes, a=all, n=no, d=details) ");
                err.flush();
                String answer;
                try {
                    answer = in.readLine();
                } catch (IOException e) {
                    return List.of();
                }
                if (answer == null) {
                    return List.of();
                }
                switch (answer.strip().toLowerCase(Locale.ROOT)) {
                    case "y", "yes", "a", "all" -> {
                        return new ArrayList<>(unknown);
                    }
                    case "n", "no" -> {
                        return List.of();
                    }
                    case "d", "details" -> unknown.forEach(h -> err.println("  " + h.server() + "  " + h.key().getAlgorithm()
                            + "  " + h.fingerprint()));
                    default -> err.println("Please answer y, a, n or d.");
                }
            }
        };
    }
}
