package io.jdtail.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real GNU grep (C locale) and returns its stdout bytes; exit status 2 is a failure. */
final class GnuGrep {

    private GnuGrep() {
    }

    static byte[] run(List<String> options, String pattern, List<Path> files) {
        List<String> cmd = new ArrayList<>();
        cmd.add("grep");
        cmd.addAll(options);
        cmd.add("-e");
        cmd.add(pattern);
        files.forEach(f -> cmd.add(f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("GREP_OPTIONS");
        pb.environment().remove("GREP_COLORS");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("grep did not finish: " + cmd);
            }
            if (p.exitValue() > 1) {
                throw new AssertionError("grep failed (" + p.exitValue() + "): " + cmd + ": "
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run grep: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
