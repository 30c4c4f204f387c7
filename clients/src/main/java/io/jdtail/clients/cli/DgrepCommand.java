package io.jdtail.clients.cli;

import io.jdtail.engine.plan.PlanRequest;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "dgrep", versionProvider = Version.class, usageHelpAutoWidth = true,
        customSynopsis = {"dgrep [OPTION]... --regex RE [FILE]..."},
        optionListHeading = "Matching:",
        description = {
            "Prints the lines of files that match a regex, as grep does (RE2/Go syntax, linear time).",
            "Without files (and with stdin not a terminal) it reads stdin; '-' among the files is stdin (serverless only). "
                    + "A file named twice is read twice. Files ending .gz or .zst are decompressed.",
            "",
            "Example:",
            "  dgrep --regex 'ERROR|WARN' --before 2 --after 2 app.log"},
        footer = {"Exit status: 0 ok, 1 some file failed, 2 bad command line or regex."})
public final class DgrepCommand extends ReadCommand {

    @Mixin
    GrepOptions grep = new GrepOptions();

    @Override
    protected PlanRequest request(List<String> files) {
        return new PlanRequest(PlanRequest.Mode.GREP, files, grep.regex, grep.invert, grep.before, grep.after, grep.max,
                Optional.empty());
    }
}
