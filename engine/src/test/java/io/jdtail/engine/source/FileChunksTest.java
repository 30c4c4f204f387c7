package io.jdtail.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChunksTest {

    /**
     * A range is read from a memory mapping of the file. Once its lines are read, nothing of the file stays mapped:
     * a mapping left behind per range would pile up in a long-running dserver (one per range of every query) until
     * the kernel's limit of mappings per process (vm.max_map_count, 65530 by default) ends the process, and would keep
     * a rotated-away log's disk space in use.
     */
    @Test
    void readingRangesLeavesNothingOfTheFileMapped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ranges.log");
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            content.append("line ").append(i).append('\n');
        }
        Files.writeString(file, content);
        long lines = 0;
        try (FileGate.OpenedFile opened = (FileGate.OpenedFile) FileGate.PROCESS.open(file)) {
            List<FileChunks.Chunk> chunks = FileChunks.split(List.of(opened), 256);
            assertThat(chunks).hasSizeGreaterThan(10);
            long[] read = new long[1];
            for (FileChunks.Chunk c : chunks) {
                c.read(new LineReader(1024, 64), (buf, off, len, offset, terminated) -> read[0]++);
            }
            lines = read[0];
            assertThat(mappingsOf(file)).as("mappings of %s left after reading its ranges", file).isEmpty();
        }
        assertThat(lines).isEqualTo(400);
    }

    private static List<String> mappingsOf(Path file) throws IOException {
        String name = file.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith(name)).toList();
    }
}
