package io.jdtail.server.e2e;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.source.FileGate;
import io.jdtail.server.ssh.SessionChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;

/** A session channel that passes everything to a real one; tests override what they change (a slow link). */
class DelegatingChannel implements SessionChannel {

    private final SessionChannel channel;

    DelegatingChannel(SessionChannel channel) {
        this.channel = channel;
    }

    @Override
    public String user() {
        return channel.user();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public String sessionId() {
        return channel.sessionId();
    }

    @Override
    public InputStream in() {
        return channel.in();
    }

    @Override
    public OutputStream out() {
        return channel.out();
    }

    @Override
    public OutputStream err() {
        return channel.err();
    }

    @Override
    public FileGate fileAccess() {
        return channel.fileAccess();
    }

    @Override
    public DtailConfig config() {
        return channel.config();
    }

    @Override
    public void exit(int status, String message) {
        channel.exit(status, message);
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }

    @Override
    public void onClose(Runnable callback) {
        channel.onClose(callback);
    }
}
