package io.jdtail.clients;

import io.jdtail.clients.cli.Commands;
import io.jdtail.clients.cli.DmapCommand;
import java.util.Arrays;

/** Entry point of the launchers: {@code Main COMMAND ARGS...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Main dmap [ARGS...]");
            System.exit(Commands.USAGE);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int status = switch (args[0]) {
            case "dmap" -> Commands.execute(new DmapCommand(), rest);
            default -> {
                System.err.println("unknown command '" + args[0] + "' (known: dmap)");
                yield Commands.USAGE;
            }
        };
        System.exit(status);
    }
}
