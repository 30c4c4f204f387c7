package io.jdtail.engine.wire;

import java.io.IOException;

/** The peer sent something that is not the protocol: a bad frame, version or request. */
public final class ProtocolException extends IOException {

    public ProtocolException(String message) {
        super(message);
    }
}
