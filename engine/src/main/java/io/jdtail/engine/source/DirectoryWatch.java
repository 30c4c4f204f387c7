package io.jdtail.engine.source;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one {@link WatchService} of the process, shared by every follow. On Linux each WatchService
 * is an inotify instance with a platform thread of its own, and a user may open only 128 inotify
 * instances by default; a dserver with many follows would pay a thread per follow and run out of
 * instances. A follow {@link #subscribe()}s, names the directories of its files, and waits on its
 * subscription between polls: a change in one of its directories ends the wait early.
 */
public final class DirectoryWatch {

    private static final WatchEvent.Kind<?>[] KINDS = {
            StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE};
    private static DirectoryWatch shared;

    private final WatchService service;
    /** Who is told about each watched directory; the watch is cancelled when the last one leaves. Guarded by this. */
    private final Map<WatchKey, Set<Subscription>> subscribers = new HashMap<>();

    private DirectoryWatch(WatchService service) {
        this.service = service;
    }

    /** The process's watch, started on first use (and again after a failed start). */
    public static synchronized DirectoryWatch shared() throws IOException {
        if (shared == null) {
            DirectoryWatch watch = new DirectoryWatch(FileSystems.getDefault().newWatchService());
            Thread.ofVirtual().name("jdtail-directory-watch").start(watch::dispatch);
            shared = watch;
        }
        return shared;
    }

    /** A new subscription, watching no directory yet. */
    public Subscription subscribe() {
        return new Subscription();
    }

    private void dispatch() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            key.pollEvents();
            boolean valid = key.reset();
            synchronized (this) {
                // a directory that is gone is forgotten; a subscriber watches it again if it comes back
                Set<Subscription> told = valid ? subscribers.get(key) : subscribers.remove(key);
                if (told != null) {
                    told.forEach(Subscription::signal);
                }
            }
        }
    }

    /** One follow's view of the watch; used by that follow's thread only (signals come from the watch's). */
    public final class Subscription implements AutoCloseable {
        private final Semaphore changed = new Semaphore(0);
        private final Map<Path, WatchKey> keys = new HashMap<>();

        private Subscription() {
        }

        /**
         * Watches {@code dir} as well (again, if it was deleted and recreated since); cheap when it is
         * watched already. A directory that cannot be watched is left to polling, and tried again
         * on the next call.
         */
        public void watch(Path dir) {
            WatchKey known = keys.get(dir);
            if (known != null && known.isValid()) {
                return;
            }
            synchronized (DirectoryWatch.this) {
                if (known != null) {
                    leave(known);
                    keys.remove(dir);
                }
                try {
                    // the same directory gives the same key to every subscriber
                    WatchKey key = dir.register(service, KINDS);
                    subscribers.computeIfAbsent(key, k -> new HashSet<>()).add(this);
                    keys.put(dir, key);
                } catch (IOException | ClosedWatchServiceException e) {
                    // polling covers it
                }
            }
        }

        /**
         * Waits until something changed in a watched directory since the last wait, at most {@code millis};
         * false when nothing did.
         */
        public boolean await(long millis) throws InterruptedException {
            if (changed.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
                changed.drainPermits();
                return true;
            }
            return false;
        }

        private void signal() {
            if (changed.availablePermits() == 0) {
                changed.release();
            }
        }

        /** Stops watching; directories no other subscription watches are given up. */
        @Override
        public void close() {
            synchronized (DirectoryWatch.this) {
                keys.values().forEach(this::leave);
            }
            keys.clear();
        }

        private void leave(WatchKey key) {
            Set<Subscription> others = subscribers.get(key);
            if (others != null && others.remove(this) && others.isEmpty()) {
                subscribers.remove(key);
                key.cancel();
            }
        }
    }
}
