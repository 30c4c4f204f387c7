package io.jdtail.engine.aggregate;

import io.jdtail.engine.wire.PartialCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Merges partials as a random tree of relays would: two at a time, each merge sent on through the wire codec. */
final class RelayTrees {

    private RelayTrees() {
    }

    static PartialAggregate merge(List<PartialAggregate> partials, Random random) throws IOException {
        List<PartialAggregate> left = new ArrayList<>(partials);
        while (left.size() > 1) {
            PartialAggregate a = left.remove(random.nextInt(left.size()));
            PartialAggregate b = left.remove(random.nextInt(left.size()));
            a.merge(b);
            left.add(PartialCodec.fromBytes(PartialCodec.toBytes(a)));
        }
        return left.getFirst();
    }
}
