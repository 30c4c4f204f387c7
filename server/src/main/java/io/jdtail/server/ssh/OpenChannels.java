package io.jdtail.server.ssh;

import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;

import java.util.HashSet;
import java.util.Set;

/**
 * The channels open now, so that {@link Dserver#stop()} can wait for them to end. A channel counts from its
 * successful open until its close has completed: after the client answered the server's close, or when its
 * connection went. (MINA's {@code channelClosed} event comes when a close begins, before the channel's last bytes
 * have left.)
 */
final class OpenChannels implements ChannelListener {

    private final Set<Channel> open = new HashSet<>();

    @Override
    public synchronized void channelOpenSuccess(Channel channel) {
        open.add(channel);
        channel.addCloseFutureListener(closed -> ended(channel));
    }

    private synchronized void ended(Channel channel) {
        if (open.remove(channel) && open.isEmpty()) {
            notifyAll();
        }
    }

    /** Waits until no channel is open, or until {@code deadlineNanos} ({@link System#nanoTime()}); how many are left. */
    synchronized int awaitNone(long deadlineNanos) throws InterruptedException {
        while (!open.isEmpty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return open.size();
    }
}
