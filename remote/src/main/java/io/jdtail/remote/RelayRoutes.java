package io.jdtail.remote;

import io.jdtail.engine.wire.Messages;
import java.util.ArrayList;
import java.util.List;

/**
 * How servers are reached through relays ({@code --relays}, given once per level): the servers are cut into equal
 * shares, one per relay of the last level, in the order named (shares differ by at most one server); the relays of
 * each level are shared out the same way among the relays of the level before. A relay left with no share is not
 * asked. Without relays, every server is asked directly.
 */
public final class RelayRoutes {

    private RelayRoutes() {
    }

    /** The targets a client asks: the first level's relays with their shares, or the servers when no level is given. */
    public static List<Messages.Downstream> of(List<List<ServerAddress>> levels, List<ServerAddress> servers) {
        List<Messages.Downstream> below = servers.stream().map(s -> Messages.Downstream.leaf(s.hostPort())).toList();
        for (List<ServerAddress> relays : levels.reversed()) {
            below = shareOut(relays, below);
        }
        return below;
    }

    /** Each relay with an equal share of {@code below} (contiguous, in order); relays beyond {@code below}'s size get none. */
    private static List<Messages.Downstream> shareOut(List<ServerAddress> relays, List<Messages.Downstream> below) {
        int n = below.size();
        int r = relays.size();
        List<Messages.Downstream> shared = new ArrayList<>(Math.min(r, n));
        for (int i = 0; i < r; i++) {
            List<Messages.Downstream> share = below.subList((int) ((long) i * n / r), (int) ((long) (i + 1) * n / r));
            if (!share.isEmpty()) {
                shared.add(new Messages.Downstream(relays.get(i).hostPort(), share));
            }
        }
        return shared;
    }
}
