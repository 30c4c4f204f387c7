package io.jdtail.clients.cli;

import io.jdtail.engine.plan.PlanRequest;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "dcat", versionProvider = Version.class, usageHelpAutoWidth = true,
        customSynopsis = {"dcat [OPTION]... [FILE]..."},
        description = {
            "Prints files, as cat does, each line as REMOTE|host|pct|lineno|file|line (--plain: the bytes only).",
            "Without files (and with stdin not a terminal) it reads stdin; '-' among the files is stdin (serverless only). "
                    + "A file named twice is read twice. Files ending .gz or .zst are decompressed.",
            "",
            "Example:",
            "  dcat --plain app.log.gz > app.log"},
        footer = {"Exit status: 0 ok, 1 some file failed, 2 bad command line."})
public final class DcatCommand extends ReadCommand {

    @Override
    protected PlanRequest request(List<String> files) {
        return new PlanRequest(PlanRequest.Mode.CAT, files, ".", false, 0, 0, 0, Optional.empty());
    }
}
