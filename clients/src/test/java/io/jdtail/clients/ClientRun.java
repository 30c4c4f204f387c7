package io.jdtail.clients;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.render.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Runs a client command in-process, capturing stdout, stderr and the exit status. */
public record ClientRun(int status, String out, String err) {

    public interface Command {
        Object redirect(PrintStream out, PrintStream err, InputStream stdin, Terminal terminal);
    }

    public static ClientRun run(Command command, InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Object configured = command.redirect(o, e, stdin, new Terminal(false, false));
        int status = Commands.execute(configured, o, e, args);
        return new ClientRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Function<String[], ClientRun> dmap(InputStream stdin) {
        return args -> run((o, e, i, t) -> new io.jdtail.clients.cli.DmapCommand().redirect(o, e, i, t), stdin, args);
    }
}
