package io.jdtail.clients.training;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The file the serverless training greps in ranges, made of the training log's lines. */
class ClientTrainingTest {

    /** Bounds the call only: an empty log once made the build's training loop forever, adding nothing. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anEmptyTrainingLogIsRefusedNotRepeatedForever() throws Exception {
        Path log = Files.createFile(dir.resolve("training.log"));

        IllegalArgumentException refused = assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThrows(IllegalArgumentException.class, () -> ClientTraining.rangedFile(log, dir.resolve("ranged.log"))));

        assertThat(refused.getMessage()).contains(log.toString()).contains("empty");
    }

    @Test
    void theRangedFileIsTheLogAgainUntilItIsLargeEnough() throws Exception {
        // about a megabyte, as the real training log's 5 MB: a log of two lines would be written in millions of calls
        byte[] lines = "a REQUEST line\nanother line\n".repeat(40_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path log = Files.write(dir.resolve("training.log"), lines);

        Path ranged = ClientTraining.rangedFile(log, dir.resolve("ranged.log"));

        long size = Files.size(ranged);
        assertThat(size).isGreaterThanOrEqualTo(ClientTraining.RANGED_BYTES).isLessThan(ClientTraining.RANGED_BYTES + lines.length)
                .isEqualTo(size / lines.length * lines.length);
    }
}
