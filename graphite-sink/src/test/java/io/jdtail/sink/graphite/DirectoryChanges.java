package io.jdtail.sink.graphite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Tells when anything under a directory tree changes (inotify through a {@link WatchService}), so that a
 * test waiting on what another process writes (carbon's log, its whisper files) wakes when it writes,
 * instead of sleeping between looks. Directories created later are watched too.
 */
public final class DirectoryChanges implements AutoCloseable {

    private final WatchService watch;

    public DirectoryChanges(Path root) throws IOException {
        this.watch = root.getFileSystem().newWatchService();
        registerTree(root);
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.walk(dir)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try {
                    d.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Waits until something under the tree changed since the previous call (or since this watch began),
     * at most {@code limit}. False when nothing did.
     */
    public boolean await(Duration limit) throws InterruptedException, IOException {
        WatchKey key;
        try {
            key = watch.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ClosedWatchServiceException e) {
            return false;
        }
        if (key == null) {
            return false;
        }
        for (; key != null; key = watch.poll()) {
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                    Path created = dir.resolve((Path) event.context());
                    if (Files.isDirectory(created)) {
                        registerTree(created);
                    }
                }
            }
            key.reset();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        watch.close();
    }
}
