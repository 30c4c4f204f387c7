package io.jdtail.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * dserver's command run in this JVM, with what it printed on stderr (for runs that end by themselves: a
 * configuration or start-up it refuses).
 *
 * @param status its exit status
 * @param err    what it printed on stderr
 */
public record DserverRun(int status, String err) {

    public static DserverRun run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new DserverCommand()).execute(args);
            return new DserverRun(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }
}
