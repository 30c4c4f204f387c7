package io.jdtail.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The {@code --help} of dserver and the clients: usage lines, description, the options in sections, footer, wrapped at
 * spaces only, to the terminal's width (at least 80 columns). picocli's own wrapping also breaks inside words (after a
 * dot or a slash: {@code Common.} | {@code SSHPort}, paths), and lists the options in one block.
 *
 * <p>What the commands' annotations say, and how it is shown:
 * <ul>
 * <li>{@code customSynopsis}: the usage lines, as they are (the first after {@code Usage: }).</li>
 * <li>{@code description} and {@code footer}: each string a paragraph, wrapped; a string that starts with a space is a
 * line shown as it is (an example to copy), written to fit in 80 columns; {@code ""} is an empty line.</li>
 * <li>every option's {@code order}: its section, {@code order = HelpLayout.OUTPUT + 1} and so on; the options of a
 * section in that order. The first section ({@link #COMMAND}, the command's own options) is headed by the command's
 * {@code optionListHeading}; the positional parameters open {@link #FILES}.</li>
 * </ul>
 */
public final class HelpLayout {

    /** The command's own options, first: what it is about ({@code --query}, {@code --regex}). */
    public static final int COMMAND = 0;
    /** What to read. */
    public static final int FILES = 100;
    /** How the output looks. */
    public static final int OUTPUT = 200;
    /** Which servers, and how to reach them. */
    public static final int SERVERS = 300;
    /** The configuration file and the log. */
    public static final int SETUP = 400;
    /** {@code --help}, {@code --version}. */
    public static final int HELP = 500;

    private static final int SECTION_SIZE = 100;
    private static final List<String> HEADINGS = List.of("", "Files:", "Output:", "Connecting to servers:",
            "Configuration and log:", "Help:");

    /** The least width: a narrower terminal still gets 80 columns (as picocli gives). */
    public static final int MIN_WIDTH = 80;
    /** Where option descriptions start. */
    static final int DESCRIPTION_COLUMN = 26;
    private static final String OPTION_INDENT = "  ";
    private static final String SECTION_KEY = "jdtail";

    private HelpLayout() {
    }

    /** Makes {@code commandLine}'s help this layout. */
    public static CommandLine install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(SECTION_KEY, help -> render(help.commandSpec(), help.commandSpec().usageMessage().width()));
        commandLine.setHelpSectionKeys(List.of(SECTION_KEY));
        return commandLine;
    }

    /** The help of {@code command} at {@code width} columns (for a terminal of that width). */
    public static String usage(Object command, int width) {
        CommandLine commandLine = install(new CommandLine(command));
        return render(commandLine.getCommandSpec(), width);
    }

    static String render(CommandSpec spec, int terminalWidth) {
        int width = Math.max(MIN_WIDTH, terminalWidth);
        UsageMessageSpec usage = spec.usageMessage();
        StringBuilder help = new StringBuilder();
        String[] synopsis = usage.customSynopsis().length > 0 ? usage.customSynopsis() : new String[] {spec.name() + " [OPTION]..."};
        for (int i = 0; i < synopsis.length; i++) {
            help.append(i == 0 ? "Usage: " : "       ").append(synopsis[i]).append('\n');
        }
        if (usage.description().length > 0) {
            help.append('\n');
            paragraphs(help, usage.description(), width);
        }
        List<List<ArgSpec>> sections = sections(spec);
        for (int s = 0; s < sections.size(); s++) {
            if (sections.get(s).isEmpty()) {
                continue;
            }
            help.append('\n').append(heading(spec, s)).append('\n');
            sections.get(s).forEach(arg -> entry(help, label(arg), String.join(" ", arg.renderedDescription()), width));
        }
        oneDashNote(spec).ifPresent(note -> paragraphs(help.append('\n'), new String[] {note}, width));
        if (usage.footer().length > 0) {
            help.append('\n');
            paragraphs(help, usage.footer(), width);
        }
        return help.toString();
    }

    /** The heading of section {@code s} of {@link #sections}: the command's {@code optionListHeading} for the first. */
    static String heading(CommandSpec spec, int s) {
        String heading = s == 0 ? spec.usageMessage().optionListHeading().replace("%n", "").strip() : HEADINGS.get(s);
        return heading.isEmpty() ? "Options:" : heading;
    }

    /** The positional parameters and the options, by section, each section in the options' order. */
    static List<List<ArgSpec>> sections(CommandSpec spec) {
        List<List<ArgSpec>> sections = new ArrayList<>();
        HEADINGS.forEach(h -> sections.add(new ArrayList<>()));
        spec.positionalParameters().stream().filter(p -> !p.hidden()).forEach(sections.get(FILES / SECTION_SIZE)::add);
        spec.options().stream().filter(o -> !o.hidden()).sorted(Comparator.comparingInt(OptionSpec::order))
                .forEach(o -> sections.get(Math.clamp(o.order() / SECTION_SIZE, 0, HEADINGS.size() - 1)).add(o));
        return sections;
    }

    /** {@code --query=QUERY}, {@code -h, --help}, {@code FILE...}: the names users type (DTail's one-dash names aside). */
    static String label(ArgSpec arg) {
        if (arg instanceof PositionalParamSpec positional) {
            return positional.paramLabel() + (positional.isMultiValue() ? "..." : "");
        }
        OptionSpec option = (OptionSpec) arg;
        // the short name, then the long ones, the main (longest) first: -h, --help; --regex, --grep
        String names = String.join(", ", Arrays.stream(option.names()).filter(n -> n.startsWith("--") || n.length() == 2)
                .sorted(Comparator.comparingInt((String n) -> n.length() == 2 ? 0 : 1).thenComparing(Comparator.comparingInt(String::length).reversed()))
                .toList());
        return option.arity().max() > 0 ? names + "=" + option.paramLabel() : names;
    }

    /** DTail's users type {@code -query}: one line says that every long option takes one dash too. */
    static Optional<String> oneDashNote(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden())
                .flatMap(o -> Arrays.stream(o.names()))
                .filter(n -> n.length() > 2 && !n.startsWith("--"))
                .findFirst()
                .map(n -> "Every long option also takes one dash, as DTail's do: " + n + " is -" + n + ".");
    }

    private static void entry(StringBuilder help, String label, String description, int width) {
        List<String> lines = wrap(description, width - DESCRIPTION_COLUMN);
        String start = OPTION_INDENT + label;
        if (start.length() + 2 > DESCRIPTION_COLUMN) {
            help.append(start).append('\n');
            start = "";
        }
        for (String line : lines) {
            help.append(start).append(" ".repeat(DESCRIPTION_COLUMN - start.length())).append(line).append('\n');
            start = "";
        }
        if (lines.isEmpty()) {
            help.append(start).append('\n');
        }
    }

    private static void paragraphs(StringBuilder help, String[] paragraphs, int width) {
        for (String paragraph : paragraphs) {
            if (paragraph.isEmpty() || paragraph.startsWith(" ")) {
                help.append(paragraph).append('\n');
            } else {
                wrap(paragraph, width).forEach(line -> help.append(line).append('\n'));
            }
        }
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces only (a longer word stands alone). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}
