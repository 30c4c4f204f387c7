package io.jdtail.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows share the process's one watch: every subscription to a directory hears of its changes,
 * and a subscription that leaves takes the directory's watch away from no one else.
 */
@Timeout(30)
class DirectoryWatchTest {

    /** Long enough never to run out before an event arrives; a wait this long means the event was lost. */
    private static final long EVENT_MILLIS = 20_000;

    @TempDir
    Path dir;

    @Test
    void everySubscriptionToADirectoryHearsOfItsChanges() throws Exception {
        DirectoryWatch watch = DirectoryWatch.shared();
        try (DirectoryWatch.Subscription a = watch.subscribe(); DirectoryWatch.Subscription b = watch.subscribe()) {
            a.watch(dir);
            b.watch(dir);
            append(dir.resolve("app.log"), "one\n");
            assertThat(a.await(EVENT_MILLIS)).isTrue();
            assertThat(b.await(EVENT_MILLIS)).isTrue();
        }
    }

    @Test
    void aSubscriptionThatLeavesKeepsTheDirectoryWatchedForTheOthers() throws Exception {
        DirectoryWatch watch = DirectoryWatch.shared();
        try (DirectoryWatch.Subscription stays = watch.subscribe()) {
            stays.watch(dir);
            try (DirectoryWatch.Subscription leaves = watch.subscribe()) {
                leaves.watch(dir);
            }
            append(dir.resolve("app.log"), "one\n");
            assertThat(stays.await(EVENT_MILLIS)).isTrue();
        }
    }

    @Test
    void aDirectoryGivenUpByEveryoneCanBeWatchedAgain() throws Exception {
        DirectoryWatch watch = DirectoryWatch.shared();
        try (DirectoryWatch.Subscription first = watch.subscribe()) {
            first.watch(dir);
        }
        try (DirectoryWatch.Subscription again = watch.subscribe()) {
            again.watch(dir);
            append(dir.resolve("app.log"), "one\n");
            assertThat(again.await(EVENT_MILLIS)).isTrue();
        }
    }

    @Test
    void aWaitEndsWithoutAChangeAfterItsTime() throws Exception {
        try (DirectoryWatch.Subscription s = DirectoryWatch.shared().subscribe()) {
            s.watch(dir);
            assertThat(s.await(0)).isFalse();
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
