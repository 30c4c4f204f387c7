package io.jdtail.clients.cli;

import io.jdtail.clients.render.ClientMessages;
import io.jdtail.engine.wire.Messages;
import io.jdtail.remote.RelayFailure;
import io.jdtail.remote.ServerAddress;
import io.jdtail.remote.ServerFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a run through relays says at its end: each relay that failed, with the count of servers it was serving; the
 * servers that failed, grouped by reason and named up to {@link #NAMED} in all (the rest counted; {@code --logLevel
 * debug} names every one); then "N of M servers answered". Any failure is an error, so the exit status is 1.
 */
record RelayAccounting(List<Messages.Downstream> targets, int servers) {

    /** Failed servers named at the default log level; a fleet of thousands would bury the output otherwise. */
    static final int NAMED = 10;

    void report(List<ServerFailure> failures, List<RelayFailure> relayFailures, ClientMessages messages) {
        Set<String> byRelay = new HashSet<>();
        for (RelayFailure relay : relayFailures) {
            int count = relay.relay().leaves().size();
            messages.error(String.format(Locale.ROOT, "relay %s: %s; the results of the %,d %s it was serving are"
                    + " missing or incomplete", relay.address(), relay.reason(), count, count == 1 ? "server" : "servers"));
            byRelay.add("relay " + relay.address() + " failed: " + relay.reason());
        }
        Map<String, List<ServerAddress>> byReason = new LinkedHashMap<>();
        failures.stream().sorted(Comparator.comparing(f -> f.server().toString()))
                .forEach(f -> byReason.computeIfAbsent(f.reason(), r -> new ArrayList<>()).add(f.server()));
        int named = 0;
        int unnamed = 0;
        for (Map.Entry<String, List<ServerAddress>> group : byReason.entrySet()) {
            List<ServerAddress> failed = group.getValue();
            if (byRelay.contains(group.getKey())) {
                failed.forEach(s -> messages.debug(s + ": " + group.getKey()));
                continue; // said above, with the relay
            }
            for (ServerAddress server : failed) {
                if (named < NAMED) {
                    messages.error(server + ": " + group.getKey());
                    named++;
                } else {
                    messages.debug(server + ": " + group.getKey());
                    unnamed++;
                }
            }
        }
        if (unnamed > 0) {
            messages.error(String.format(Locale.ROOT, "%,d more servers failed (--logLevel debug names each)", unnamed));
        }
        String answered = String.format(Locale.ROOT, "%,d of %,d servers answered", servers - failures.size(), servers);
        if (failures.isEmpty()) {
            messages.info(answered);
        } else {
            messages.error(answered);
        }
    }
}
