package io.jdtail.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build step of the distribution: {@code CommandDocs DIR SOURCE COMMAND_CLASS...} writes, for every command (a picocli
 * command class with a constructor without arguments), its manual page {@code DIR/man/man1/NAME.1} ({@link ManPage}) and
 * its bash completion {@code DIR/bash-completion/completions/NAME} (picocli's {@link AutoComplete}), and
 * {@code DIR/zsh/jdtail.zsh}, which zsh users source to get the same completion through zsh's bashcompinit. A file whose
 * text did not change is not written again: it keeps its time, so the tarball that holds it is not packed again.
 */
public final class CommandDocs {

    private CommandDocs() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length < 3) {
            System.err.println("usage: CommandDocs DIR SOURCE COMMAND_CLASS...");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> names = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            CommandLine command = new CommandLine(Class.forName(args[i]).getDeclaredConstructor().newInstance());
            String name = command.getCommandName();
            names.add(name);
            write(dir.resolve("man/man1/" + name + ".1"), ManPage.troff(command.getCommandSpec(), args[1]));
            write(dir.resolve("bash-completion/completions/" + name), AutoComplete.bash(name, command));
        }
        write(dir.resolve("zsh/jdtail.zsh"), zsh(names));
    }

    /** Sources every command's bash completion (picocli's scripts load zsh's compinit and bashcompinit themselves). */
    static String zsh(List<String> names) {
        return "# jdtail's completion for zsh: source this file in ~/.zshrc. It uses the bash completion beside it\n"
                + "# (../bash-completion/completions) through zsh's bashcompinit.\n"
                + "for jdtail_command in " + String.join(" ", names) + "; do\n"
                + "  source \"${0:A:h}/../bash-completion/completions/$jdtail_command\"\n"
                + "done\n"
                + "unset jdtail_command\n";
    }

    private static void write(Path file, String text) {
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
