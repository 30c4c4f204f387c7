package io.jdtail.clients;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DcatCommand;
import io.jdtail.clients.cli.DgrepCommand;
import io.jdtail.clients.render.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs dcat and dgrep in-process and captures stdout as bytes (for byte-identity checks). */
final class ReadClients {

    /** Exit status, stdout exactly as written, stderr as text. */
    record Result(int status, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    private ReadClients() {
    }

    static Result dcat(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Commands.execute(new DcatCommand().redirect(o, e, stdin, new Terminal(false, false)), o, e, args);
        o.flush();
        e.flush();
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    static Result dgrep(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Commands.execute(new DgrepCommand().redirect(o, e, stdin, new Terminal(false, false)), o, e, args);
        o.flush();
        e.flush();
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
