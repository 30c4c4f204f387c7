package io.jdtail.engine.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens as the process itself (serverless commands, a dserver's own jobs): the kernel applies the running user's
 * rights. A directory is refused; a named pipe is read as {@code cat} reads it (it waits for a writer): in the
 * user's own process that is what she asked for ({@code dcat <(zcat old.log.gz)}, a job fed through a pipe).
 * dserver's gate, which opens for others, refuses everything but regular files.
 */
final class ProcessFileGate implements FileGate {

    @Override
    public Opened open(Path requested) {
        // looked at, then opened: in the process's own name, a file swapped in between is the user's own doing
        try {
            Path real = requested.toRealPath();
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                return new Refused(requested, "is a directory", false);
            }
            return new OpenedFile(requested, real, attrs.fileKey(), FileChannel.open(real, StandardOpenOption.READ));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return new Refused(requested, "no such file", true);
        } catch (AccessDeniedException e) {
            return new Refused(requested, "permission denied", false);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage();
            return new Refused(requested, m == null || m.isBlank() ? e.getClass().getSimpleName() : m, false);
        }
    }
}
