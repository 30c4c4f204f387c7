package io.jdtail.remote;

import io.jdtail.engine.wire.Messages;

/** A relay that failed, with the share it was serving: its servers without an outcome of their own failed with it. */
public record RelayFailure(Messages.Downstream relay, String reason) {

    public ServerAddress address() {
        return ServerAddress.of(relay.server());
    }
}
