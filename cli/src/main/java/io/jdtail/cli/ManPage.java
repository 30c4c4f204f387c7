package io.jdtail.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A command's manual page (man(7) troff), with the same text and sections as its {@code --help} ({@link HelpLayout}):
 * NAME (the description's first paragraph), SYNOPSIS, DESCRIPTION, OPTIONS in the help's sections, NOTES (the footer).
 * picocli's own generator (picocli-codegen) writes AsciiDoc, which needs Asciidoctor to become a manual page, and lists
 * the options in one block.
 */
public final class ManPage {

    private ManPage() {
    }

    /** The manual page of {@code spec}, for section 1, naming {@code source} (the package and its version). */
    public static String troff(CommandSpec spec, String source) {
        UsageMessageSpec usage = spec.usageMessage();
        StringBuilder page = new StringBuilder();
        page.append(".TH ").append(quoted(spec.name().toUpperCase(Locale.ROOT))).append(" 1 \"\" ")
                .append(quoted(source)).append(" \"User Commands\"\n");
        String[] description = usage.description();
        page.append(".SH NAME\n").append(text(spec.name())).append(" \\- ")
                .append(description.length > 0 ? text(description[0]) : "").append('\n');
        page.append(".SH SYNOPSIS\n.nf\n");
        String[] synopsis = usage.customSynopsis().length > 0 ? usage.customSynopsis() : new String[] {spec.name() + " [OPTION]..."};
        for (String line : synopsis) {
            page.append(text(line)).append('\n');
        }
        page.append(".fi\n");
        if (description.length > 1) {
            page.append(".SH DESCRIPTION\n");
            paragraphs(page, List.of(description).subList(1, description.length));
        }
        page.append(".SH OPTIONS\n");
        List<List<ArgSpec>> sections = HelpLayout.sections(spec);
        for (int s = 0; s < sections.size(); s++) {
            if (sections.get(s).isEmpty()) {
                continue;
            }
            page.append(".SS ").append(text(HelpLayout.heading(spec, s))).append('\n');
            for (ArgSpec arg : sections.get(s)) {
                page.append(".TP\n.B ").append(text(HelpLayout.label(arg))).append('\n')
                        .append(text(String.join(" ", arg.renderedDescription()))).append('\n');
            }
        }
        HelpLayout.oneDashNote(spec).ifPresent(note -> page.append(".PP\n").append(text(note)).append('\n'));
        if (usage.footer().length > 0) {
            page.append(".SH NOTES\n");
            paragraphs(page, List.of(usage.footer()));
        }
        return page.toString();
    }

    /** As {@link HelpLayout}: a paragraph a string, a string starting with a space a line as it is, "" a break. */
    private static void paragraphs(StringBuilder page, List<String> paragraphs) {
        boolean literal = false;
        for (String paragraph : paragraphs) {
            boolean line = paragraph.startsWith(" ");
            if (line && !literal) {
                page.append(".PP\n.nf\n");
            } else if (!line && literal) {
                page.append(".fi\n");
            }
            literal = line;
            if (paragraph.isEmpty()) {
                continue;
            }
            page.append(line ? "" : ".PP\n").append(text(paragraph)).append('\n');
        }
        if (literal) {
            page.append(".fi\n");
        }
    }

    /** {@code plain} as troff text: backslashes and minus signs typed as such, no line read as a request. */
    static String text(String plain) {
        return Arrays.stream(plain.split("\n", -1)).map(line -> {
            String escaped = line.replace("\\", "\\e").replace("-", "\\-");
            return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
        }).collect(Collectors.joining("\n"));
    }

    private static String quoted(String plain) {
        return '"' + text(plain).replace("\"", "\\(dq") + '"';
    }
}
