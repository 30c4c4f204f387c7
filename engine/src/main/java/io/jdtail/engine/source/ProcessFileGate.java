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
 * rights. Only regular files are opened, so a FIFO is refused rather than waited on; the type is looked at just
 * before the open, which in the user's own process is good enough (dserver's gate decides on the opened file).
 */
final class ProcessFileGate implements FileGate {

    @Override
    public Opened open(Path requested) {
        try {
            Path real = requested.toRealPath();
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                return new Refused(requested, "is a directory", false);
            }
            if (!attrs.isRegularFile()) {
                return new Refused(requested, "not a regular file", false);
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
