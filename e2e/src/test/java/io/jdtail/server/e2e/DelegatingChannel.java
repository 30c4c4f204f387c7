package io.jdtail.server.e2e;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.source.FileGate;
import io.jdtail.engine.wire.FrameType;
import io.jdtail.server.ssh.SessionChannel;
import io.jdtail.server.ssh.SessionHandler;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A session channel that passes everything to a real one; tests override what they change (a slow link). */
class DelegatingChannel implements SessionChannel {

    private final SessionChannel channel;

    DelegatingChannel(SessionChannel channel) {
        this.channel = channel;
    }

    /** Holds back every PARTIAL frame the server flushes by {@code late}: a slow link, for partials only. */
    static UnaryOperator<SessionHandler> partialsArriveLate(Duration late) {
        return handler -> channel -> handler.handle(new DelegatingChannel(channel) {
            private final OutputStream out = new FilterOutputStream(channel.out()) {
                private final ByteArrayOutputStream held = new ByteArrayOutputStream();

                @Override
                public void write(int b) {
                    held.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    held.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    byte[] bytes = held.toByteArray();
                    held.reset();
                    if (bytes.length > 0 && bytes[0] == FrameType.PARTIAL.code()) {
                        try {
                            Thread.sleep(late); // the slow link's latency
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                    super.out.write(bytes);
                    super.out.flush();
                }
            };

            @Override
            public OutputStream out() {
                return out;
            }
        });
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
    public void requestStarting(PlanRequest.Mode mode) {
        channel.requestStarting(mode);
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
