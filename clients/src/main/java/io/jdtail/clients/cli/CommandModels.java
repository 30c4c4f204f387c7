package io.jdtail.clients.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Range;

/**
 * The clients' picocli models, built without reading their annotations: picocli reads an annotation through a
 * dynamic proxy class that the JDK spins at run time for each annotation type, and the start-up cache keeps
 * none of them, so reading was a large part of every command's start. GENERATED from the annotations by
 * CommandModelsTest, which fails when this file is not what they say: do not edit it, change an annotation and
 * run that test with -Djdtail.regenerate=true (see its comment). A class's options are added by a method of its
 * own, in the order picocli adds them: a command's classes from the top, each class's fields in order, a mixin's
 * where its field is.
 */
final class CommandModels {

    private CommandModels() {
    }

    /**
     * {@code command}'s model, bound to its fields; a command not generated here gets picocli's from its annotations.
     * (Tests of the type, not a switch on it: the JDK spins a class at run time for every switch on types.)
     */
    static CommandSpec of(Object command) {
        if (command instanceof DcatCommand c) {
            return dcat(c);
        }
        if (command instanceof DgrepCommand c) {
            return dgrep(c);
        }
        if (command instanceof DmapCommand c) {
            return dmap(c);
        }
        if (command instanceof DtailCommand c) {
            return dtail(c);
        }
        if (command instanceof DtailhealthCommand c) {
            return dtailhealth(c);
        }
        return CommandSpec.forAnnotatedObject(command);
    }

    /** {@code command}'s name, as its {@code @Command} annotation gives it. */
    static String name(Object command) {
        if (command instanceof DcatCommand) {
            return "dcat";
        }
        if (command instanceof DgrepCommand) {
            return "dgrep";
        }
        if (command instanceof DmapCommand) {
            return "dmap";
        }
        if (command instanceof DtailCommand) {
            return "dtail";
        }
        if (command instanceof DtailhealthCommand) {
            return "dtailhealth";
        }
        return command.getClass().getAnnotation(picocli.CommandLine.Command.class).name();
    }

    private static CommandSpec dcat(DcatCommand c) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
        spec.name("dcat");
        spec.versionProvider(new Version());
        spec.usageMessage().autoWidth(true)
                .customSynopsis("dcat [OPTION]... [FILE]...")
                .description("Prints files, as cat does, each line as REMOTE|host|pct|lineno|file|line (--plain: the bytes only).",
                        "Without files (and with stdin not a terminal) it reads stdin; '-' among the files is stdin (serverless only). A file named twice is read twice. Files ending .gz or .zst are decompressed.",
                        "",
                        "Example:",
                        "  dcat --plain app.log.gz > app.log")
                .optionListHeading("")
                .footer("Exit status: 0 ok, 1 some file failed, 2 bad command line.");
        clientCommandOptions(spec, c);
        return spec;
    }

    private static CommandSpec dgrep(DgrepCommand c) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
        spec.name("dgrep");
        spec.versionProvider(new Version());
        spec.usageMessage().autoWidth(true)
                .customSynopsis("dgrep [OPTION]... --regex RE [FILE]...")
                .description("Prints the lines of files that match a regex, as grep does (RE2/Go syntax, linear time).",
                        "Without files (and with stdin not a terminal) it reads stdin; '-' among the files is stdin (serverless only). A file named twice is read twice. Files ending .gz or .zst are decompressed.",
                        "",
                        "Example:",
                        "  dgrep --regex 'ERROR|WARN' --before 2 --after 2 app.log")
                .optionListHeading("Matching:")
                .footer("Exit status: 0 ok, 1 some file failed, 2 bad command line or regex.");
        clientCommandOptions(spec, c);
        dgrepCommandOptions(spec, c);
        return spec;
    }

    private static CommandSpec dmap(DmapCommand c) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
        spec.name("dmap");
        spec.versionProvider(new Version());
        spec.usageMessage().autoWidth(true)
                .customSynopsis("dmap [OPTION]... --query QUERY [FILE]...",
                        "dmap [OPTION]... QUERY [FILE]...")
                .description("Runs an SQL-like map-reduce query over log files and prints the aggregated table.",
                        "Without files (and with stdin not a terminal) it reads stdin; '-' among the files is stdin (serverless only). A file named twice is read twice. Files ending .gz or .zst are decompressed.",
                        "",
                        "Example: requests, their mean and their longest latency, by status (selected, so that it is shown):",
                        "  dmap --query 'from REQUEST select status,count($line),avg(latency),",
                        "      max(latency) group by status order by count($line)' app.log")
                .optionListHeading("Query:")
                .footer("A query:",
                        "  select ... [from TABLE] [where ...] [group by ...] [order|rorder by ...]",
                        "      [set $v = ...] [interval N] [limit N] [logformat NAME]",
                        "      [outfile [append] \"PATH\"]",
                        "The query language: ${sys:jdtail.home:-jdtail}/docs/query-language.md.",
                        "Exit status: 0 ok, 1 some input failed, 2 bad command line or query,",
                        "130 interrupted (Ctrl-C; the partial result is printed).");
        clientCommandOptions(spec, c);
        dmapCommandOptions(spec, c);
        return spec;
    }

    private static CommandSpec dtail(DtailCommand c) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
        spec.name("dtail");
        spec.versionProvider(new Version());
        spec.usageMessage().autoWidth(true)
                .customSynopsis("dtail [OPTION]... [--regex RE] [--query QUERY] FILE...",
                        "dtail --colorTable | --wideColorTable")
                .description("Follows files as tail -F does: prints lines as they are appended, across rotation (rename), copytruncate and files deleted and recreated; picks up files that appear later or match a glob later. With --query it aggregates the followed lines and prints the result every interval.",
                        "",
                        "Examples:",
                        "  dtail --regex ERROR '/var/log/app/*.log'",
                        "  dtail --query 'from REQUEST select status,count($line) group by status",
                        "      interval 10s' app.log")
                .optionListHeading("What to show:")
                .footer("Stops on Ctrl-C or after --shutdownAfter seconds.",
                        "The query language: ${sys:jdtail.home:-jdtail}/docs/query-language.md.",
                        "Exit status: 0 ok, 1 some file failed, 2 bad command line or query,",
                        "130 stopped by Ctrl-C (with --query after the final table).");
        clientCommandOptions(spec, c);
        dtailCommandOptions(spec, c);
        return spec;
    }

    private static CommandSpec dtailhealth(DtailhealthCommand c) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(c);
        spec.name("dtailhealth");
        spec.versionProvider(new Version());
        spec.usageMessage().autoWidth(true)
                .customSynopsis("dtailhealth [OPTION]... [--server HOST[:PORT]]")
                .description("Asks one dserver how it is and prints one line, as a monitoring check does:",
                        "  OK: host:port: up 3h12m, 2 running requests, 3 jobs ran",
                        "  WARNING: host:port: job daily-errors failed its last run at ...: <reason>",
                        "  CRITICAL: host:port: connection refused (is dserver running on port 2222?)",
                        "It authenticates like the other clients (--key, the ssh-agent, ~/.ssh/id_*) and never asks about host keys: an unknown host key is critical unless --trustAllHosts.",
                        "Without --server it does DTail's serverless check: only that this client's set-up (--cfg, the log) works; it then says so in a WARNING line (exit 1), since no server was checked.",
                        "",
                        "Example:",
                        "  dtailhealth --server app1.example.org:2222")
                .optionListHeading("Check:")
                .footer("Exit status: 0 OK, 1 warning, 2 critical (also for a bad command line).");
        dtailhealthCommandOptions(spec, c);
        return spec;
    }

    private static void clientCommandOptions(CommandSpec spec, ClientCommand o) {
        spec.addOption(OptionSpec.builder("--files",
                        "-files")
                .order(101)
                .paramLabel("LIST")
                .description("Comma-separated files or globs (quote globs). Positional arguments are files too.")
                .splitRegex(",")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.util.List.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.files).hasInitialValue(true)
                .getter(new ClientCommandFields(o, 0)).setter(new ClientCommandFields(o, 0))
                .build());
        spec.addPositional(PositionalParamSpec.builder()
                .index(new Range(0, 2147483647, true, false, "*"))
                .paramLabel("FILE")
                .description("Files or globs; - is stdin.")
                .arity(new Range(0, 1, false, true, "0..1"))
                .type(java.util.List.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.positional).hasInitialValue(true)
                .getter(new ClientCommandFields(o, 1)).setter(new ClientCommandFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--maxLineLength",
                        "-maxLineLength")
                .order(102)
                .paramLabel("BYTES")
                .description("Longer lines are split into pieces of this size, and counted on stderr (default: ${DEFAULT-VALUE}).")
                .defaultValue("1048576")
                .arity(new Range(1, 1, false, true, "1"))
                .type(int.class)
                .auxiliaryTypes(int.class)
                .initialValue(o.maxLineLength).hasInitialValue(true)
                .getter(new ClientCommandFields(o, 2)).setter(new ClientCommandFields(o, 2))
                .build());
        outputOptionsOptions(spec, o.output);
        remoteOptionsOptions(spec, o.remote);
        setupOptionsOptions(spec, o.setupOptions);
    }

    /** The fields of ClientCommand's options, by their number in clientCommandOptions(). */
    private static final class ClientCommandFields extends FieldAccess {

        private final ClientCommand o;

        ClientCommandFields(ClientCommand o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.files;
                case 1 -> o.positional;
                case 2 -> o.maxLineLength;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.files = (java.util.List<java.lang.String>) value;
                case 1 -> o.positional = (java.util.List<java.lang.String>) value;
                case 2 -> o.maxLineLength = (Integer) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void dgrepCommandOptions(CommandSpec spec, DgrepCommand o) {
        grepOptionsOptions(spec, o.grep);
    }

    private static void dmapCommandOptions(CommandSpec spec, DmapCommand o) {
        spec.addOption(OptionSpec.builder("--query",
                        "-query")
                .order(1)
                .paramLabel("QUERY")
                .description("The map-reduce query. May also be given as the first positional argument.")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.query).hasInitialValue(true)
                .getter(new DmapCommandFields(o, 0)).setter(new DmapCommandFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--regex",
                        "-regex",
                        "--grep",
                        "-grep")
                .order(2)
                .paramLabel("RE")
                .description("Aggregate only the lines matching this RE2 (Go syntax) pattern; '.' aggregates every line (default).")
                .defaultValue(".")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.regex).hasInitialValue(true)
                .getter(new DmapCommandFields(o, 1)).setter(new DmapCommandFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--invert",
                        "-invert")
                .order(3)
                .paramLabel("<invert>")
                .description("Aggregate the lines that do NOT match --regex.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.invert).hasInitialValue(true)
                .getter(new DmapCommandFields(o, 2)).setter(new DmapCommandFields(o, 2))
                .build());
    }

    /** The fields of DmapCommand's options, by their number in dmapCommandOptions(). */
    private static final class DmapCommandFields extends FieldAccess {

        private final DmapCommand o;

        DmapCommandFields(DmapCommand o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.query;
                case 1 -> o.regex;
                case 2 -> o.invert;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.query = (java.lang.String) value;
                case 1 -> o.regex = (java.lang.String) value;
                case 2 -> o.invert = (Boolean) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void dtailCommandOptions(CommandSpec spec, DtailCommand o) {
        grepOptionsOptions(spec, o.grep);
        spec.addOption(OptionSpec.builder("--query",
                        "-query")
                .order(3)
                .paramLabel("QUERY")
                .description("Aggregate the followed lines with this map-reduce query (continuous aggregation).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.query).hasInitialValue(true)
                .getter(new DtailCommandFields(o, 0)).setter(new DtailCommandFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--shutdownAfter",
                        "-shutdownAfter")
                .order(7)
                .paramLabel("SECONDS")
                .description("Exit after this many seconds; 0 = run until interrupted.")
                .defaultValue("0")
                .arity(new Range(1, 1, false, true, "1"))
                .type(long.class)
                .auxiliaryTypes(long.class)
                .initialValue(o.shutdownAfter).hasInitialValue(true)
                .getter(new DtailCommandFields(o, 1)).setter(new DtailCommandFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--colorTable",
                        "-colorTable")
                .order(8)
                .paramLabel("<colorTable>")
                .description("Print DTail's colour table (every colour on every other, with each attribute) and exit.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.colorTable).hasInitialValue(true)
                .getter(new DtailCommandFields(o, 2)).setter(new DtailCommandFields(o, 2))
                .build());
        spec.addOption(OptionSpec.builder("--wideColorTable",
                        "-wideColorTable")
                .order(9)
                .paramLabel("<wideColorTable>")
                .description("Print DTail's colour table with a sample paragraph under every line, and exit.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.wideColorTable).hasInitialValue(true)
                .getter(new DtailCommandFields(o, 3)).setter(new DtailCommandFields(o, 3))
                .build());
    }

    /** The fields of DtailCommand's options, by their number in dtailCommandOptions(). */
    private static final class DtailCommandFields extends FieldAccess {

        private final DtailCommand o;

        DtailCommandFields(DtailCommand o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.query;
                case 1 -> o.shutdownAfter;
                case 2 -> o.colorTable;
                case 3 -> o.wideColorTable;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.query = (java.lang.String) value;
                case 1 -> o.shutdownAfter = (Long) value;
                case 2 -> o.colorTable = (Boolean) value;
                case 3 -> o.wideColorTable = (Boolean) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void dtailhealthCommandOptions(CommandSpec spec, DtailhealthCommand o) {
        spec.addOption(OptionSpec.builder("--server",
                        "-server")
                .order(1)
                .paramLabel("HOST[:PORT]")
                .description("The dserver to check; none = the serverless check (a WARNING, exit 1).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.server).hasInitialValue(true)
                .getter(new DtailhealthCommandFields(o, 0)).setter(new DtailhealthCommandFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--port",
                        "-port")
                .order(303)
                .paramLabel("N")
                .description("Port when --server names none (default: Common.SSHPort of --cfg, else 2222).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.Integer.class)
                .auxiliaryTypes(java.lang.Integer.class)
                .initialValue(o.port).hasInitialValue(true)
                .getter(new DtailhealthCommandFields(o, 1)).setter(new DtailhealthCommandFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--user",
                        "-user")
                .order(304)
                .paramLabel("NAME")
                .description("User name sent to the server (default: the local user).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.user).hasInitialValue(true)
                .getter(new DtailhealthCommandFields(o, 2)).setter(new DtailhealthCommandFields(o, 2))
                .build());
        spec.addOption(OptionSpec.builder("--key",
                        "-key")
                .order(305)
                .paramLabel("PATH")
                .description("Private key file; only this key is offered. Default: the ssh-agent's keys, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa.")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.nio.file.Path.class)
                .auxiliaryTypes(java.nio.file.Path.class)
                .initialValue(o.key).hasInitialValue(true)
                .getter(new DtailhealthCommandFields(o, 3)).setter(new DtailhealthCommandFields(o, 3))
                .build());
        spec.addOption(OptionSpec.builder("--trustAllHosts",
                        "-trustAllHosts")
                .order(306)
                .paramLabel("<trustAllHosts>")
                .description("Accept an unknown host key (and record it).")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.trustAllHosts).hasInitialValue(true)
                .getter(new DtailhealthCommandFields(o, 4)).setter(new DtailhealthCommandFields(o, 4))
                .build());
        spec.addOption(OptionSpec.builder("--connectTimeout",
                        "-connectTimeout",
                        "--timeout",
                        "-timeout")
                .order(310)
                .paramLabel("SECONDS")
                .description("Seconds to wait for connecting, authenticating and the answer (default: ${DEFAULT-VALUE}).")
                .defaultValue("10")
                .arity(new Range(1, 1, false, true, "1"))
                .type(long.class)
                .auxiliaryTypes(long.class)
                .initialValue(o.connectTimeout).hasInitialValue(true)
                .getter(new DtailhealthCommandFields(o, 5)).setter(new DtailhealthCommandFields(o, 5))
                .build());
        setupOptionsOptions(spec, o.setupOptions);
    }

    /** The fields of DtailhealthCommand's options, by their number in dtailhealthCommandOptions(). */
    private static final class DtailhealthCommandFields extends FieldAccess {

        private final DtailhealthCommand o;

        DtailhealthCommandFields(DtailhealthCommand o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.server;
                case 1 -> o.port;
                case 2 -> o.user;
                case 3 -> o.key;
                case 4 -> o.trustAllHosts;
                case 5 -> o.connectTimeout;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.server = (java.lang.String) value;
                case 1 -> o.port = (java.lang.Integer) value;
                case 2 -> o.user = (java.lang.String) value;
                case 3 -> o.key = (java.nio.file.Path) value;
                case 4 -> o.trustAllHosts = (Boolean) value;
                case 5 -> o.connectTimeout = (Long) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void outputOptionsOptions(CommandSpec spec, OutputOptions o) {
        spec.addOption(OptionSpec.builder("--plain",
                        "-plain")
                .order(201)
                .paramLabel("<plain>")
                .description("Print the data only, byte-exact: no query line, no decoration (on a terminal, control characters are otherwise shown as ^[ etc.).")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.plain).hasInitialValue(true)
                .getter(new OutputOptionsFields(o, 0)).setter(new OutputOptionsFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--color",
                        "-color")
                .order(202)
                .paramLabel("WHEN")
                .description("ANSI colours: auto (on a terminal only, not with NO_COLOR or Client.TermColorsEnable false; default), always (also in a pipe, as DTail), never.")
                .defaultValue("auto")
                .arity(new Range(1, 1, false, true, "1"))
                .type(io.jdtail.clients.cli.OutputOptions.ColourChoice.class)
                .auxiliaryTypes(io.jdtail.clients.cli.OutputOptions.ColourChoice.class)
                .initialValue(o.color).hasInitialValue(true)
                .getter(new OutputOptionsFields(o, 1)).setter(new OutputOptionsFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--noColor",
                        "-noColor")
                .order(203)
                .paramLabel("<noColor>")
                .description("No ANSI colours: the same as --color never.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.noColor).hasInitialValue(true)
                .getter(new OutputOptionsFields(o, 2)).setter(new OutputOptionsFields(o, 2))
                .build());
        spec.addOption(OptionSpec.builder("--quiet",
                        "-quiet")
                .order(204)
                .paramLabel("<quiet>")
                .description("Fewer client messages on stderr.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.quiet).hasInitialValue(true)
                .getter(new OutputOptionsFields(o, 3)).setter(new OutputOptionsFields(o, 3))
                .build());
    }

    /** The fields of OutputOptions's options, by their number in outputOptionsOptions(). */
    private static final class OutputOptionsFields extends FieldAccess {

        private final OutputOptions o;

        OutputOptionsFields(OutputOptions o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.plain;
                case 1 -> o.color;
                case 2 -> o.noColor;
                case 3 -> o.quiet;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.plain = (Boolean) value;
                case 1 -> o.color = (io.jdtail.clients.cli.OutputOptions.ColourChoice) value;
                case 2 -> o.noColor = (Boolean) value;
                case 3 -> o.quiet = (Boolean) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void remoteOptionsOptions(CommandSpec spec, RemoteOptions o) {
        spec.addOption(OptionSpec.builder("--servers",
                        "-servers")
                .order(301)
                .paramLabel("LIST")
                .description("Comma-separated host[:port], or a file with one server per line. None = serverless (local files).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.servers).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 0)).setter(new RemoteOptionsFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--discovery",
                        "-discovery")
                .order(302)
                .paramLabel("NAME")
                .description("Server discovery method (plug-in); the built-in 'list' reads --servers as a list or file.")
                .defaultValue("list")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.discovery).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 1)).setter(new RemoteOptionsFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--port",
                        "-port")
                .order(303)
                .paramLabel("N")
                .description("Port of the servers named without one (default: Common.SSHPort of --cfg, else 2222).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.Integer.class)
                .auxiliaryTypes(java.lang.Integer.class)
                .initialValue(o.port).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 2)).setter(new RemoteOptionsFields(o, 2))
                .build());
        spec.addOption(OptionSpec.builder("--user",
                        "-user")
                .order(304)
                .paramLabel("NAME")
                .description("User name sent to servers (default: the local user).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.user).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 3)).setter(new RemoteOptionsFields(o, 3))
                .build());
        spec.addOption(OptionSpec.builder("--key",
                        "-key")
                .order(305)
                .paramLabel("PATH")
                .description("Private key file; only this key is offered. Default: the ssh-agent's keys (SSH_AUTH_SOCK), then ~/.ssh/id_ed25519, id_ecdsa, id_rsa.")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.nio.file.Path.class)
                .auxiliaryTypes(java.nio.file.Path.class)
                .initialValue(o.key).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 4)).setter(new RemoteOptionsFields(o, 4))
                .build());
        spec.addOption(OptionSpec.builder("--trustAllHosts",
                        "-trustAllHosts")
                .order(306)
                .paramLabel("<trustAllHosts>")
                .description("Accept unknown host keys without asking (and record them).")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.trustAllHosts).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 5)).setter(new RemoteOptionsFields(o, 5))
                .build());
        spec.addOption(OptionSpec.builder("--cpc",
                        "-cpc")
                .order(307)
                .paramLabel("N")
                .description("Connections opened concurrently per CPU (default: ${DEFAULT-VALUE}).")
                .defaultValue("10")
                .arity(new Range(1, 1, false, true, "1"))
                .type(int.class)
                .auxiliaryTypes(int.class)
                .initialValue(o.connectionsPerCpu).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 6)).setter(new RemoteOptionsFields(o, 6))
                .build());
        spec.addOption(OptionSpec.builder("--timeout",
                        "-timeout")
                .order(308)
                .paramLabel("SECONDS")
                .description("Seconds a server may collect data before the session ends; 0 = no limit.")
                .defaultValue("0")
                .arity(new Range(1, 1, false, true, "1"))
                .type(long.class)
                .auxiliaryTypes(long.class)
                .initialValue(o.timeout).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 7)).setter(new RemoteOptionsFields(o, 7))
                .build());
        spec.addOption(OptionSpec.builder("--keepAliveTimeout",
                        "-keepAliveTimeout")
                .order(309)
                .paramLabel("SECONDS")
                .description("A server that answers no SSH keep-alive within this time (a frozen or cut-off host) is reported and left; the others' results are shown, the exit status is 1 (default: ${DEFAULT-VALUE}; 0 = wait for ever).")
                .defaultValue("30")
                .arity(new Range(1, 1, false, true, "1"))
                .type(long.class)
                .auxiliaryTypes(long.class)
                .initialValue(o.keepAliveTimeout).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 8)).setter(new RemoteOptionsFields(o, 8))
                .build());
        spec.addOption(OptionSpec.builder("--connectTimeout",
                        "-connectTimeout")
                .order(310)
                .paramLabel("SECONDS")
                .description("Seconds to wait while connecting and authenticating (default: ${DEFAULT-VALUE}).")
                .defaultValue("10")
                .arity(new Range(1, 1, false, true, "1"))
                .type(long.class)
                .auxiliaryTypes(long.class)
                .initialValue(o.connectTimeout).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 9)).setter(new RemoteOptionsFields(o, 9))
                .build());
        spec.addOption(OptionSpec.builder("--relays",
                        "-relays")
                .order(311)
                .paramLabel("LIST")
                .description("Reach --servers through these relays (dservers with Server.Relay): comma-separated host[:port] or a file, as --servers; each relay gets an equal share of the servers. Given twice, the second list's relays are shared among the first's, and the servers among the second's.")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.util.List.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.relays).hasInitialValue(true)
                .getter(new RemoteOptionsFields(o, 10)).setter(new RemoteOptionsFields(o, 10))
                .build());
    }

    /** The fields of RemoteOptions's options, by their number in remoteOptionsOptions(). */
    private static final class RemoteOptionsFields extends FieldAccess {

        private final RemoteOptions o;

        RemoteOptionsFields(RemoteOptions o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.servers;
                case 1 -> o.discovery;
                case 2 -> o.port;
                case 3 -> o.user;
                case 4 -> o.key;
                case 5 -> o.trustAllHosts;
                case 6 -> o.connectionsPerCpu;
                case 7 -> o.timeout;
                case 8 -> o.keepAliveTimeout;
                case 9 -> o.connectTimeout;
                case 10 -> o.relays;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.servers = (java.lang.String) value;
                case 1 -> o.discovery = (java.lang.String) value;
                case 2 -> o.port = (java.lang.Integer) value;
                case 3 -> o.user = (java.lang.String) value;
                case 4 -> o.key = (java.nio.file.Path) value;
                case 5 -> o.trustAllHosts = (Boolean) value;
                case 6 -> o.connectionsPerCpu = (Integer) value;
                case 7 -> o.timeout = (Long) value;
                case 8 -> o.keepAliveTimeout = (Long) value;
                case 9 -> o.connectTimeout = (Long) value;
                case 10 -> o.relays = (java.util.List<java.lang.String>) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void setupOptionsOptions(CommandSpec spec, SetupOptions o) {
        spec.addOption(OptionSpec.builder("--cfg",
                        "-cfg")
                .order(401)
                .paramLabel("PATH")
                .description("DTail's dtail.json. The clients take Common.SSHPort (the port of servers named without one), Common.LogLevel and Client.TermColorsEnable from it; 'none' or no --cfg = built-in defaults.")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.cfg).hasInitialValue(true)
                .getter(new SetupOptionsFields(o, 0)).setter(new SetupOptionsFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--logLevel",
                        "-logLevel")
                .order(402)
                .paramLabel("LEVEL")
                .description("error, warn, info (default), debug or trace (DTail's names none, fatal, default, verbose, devel and all too). CLIENT messages below it are not shown; debug adds the stack trace of an unexpected error, trace MINA SSHD's own log.")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.logLevel).hasInitialValue(true)
                .getter(new SetupOptionsFields(o, 1)).setter(new SetupOptionsFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--logger",
                        "-logger")
                .order(403)
                .paramLabel("TARGET")
                .description("Where the log goes: stderr (default), file (<logDir>/<command>.log, rolled daily) or fout (both).")
                .defaultValue("stderr")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.logger).hasInitialValue(true)
                .getter(new SetupOptionsFields(o, 2)).setter(new SetupOptionsFields(o, 2))
                .build());
        spec.addOption(OptionSpec.builder("--logDir",
                        "-logDir")
                .order(404)
                .paramLabel("DIR")
                .description("Directory of the log file (default: ~/log).")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.logDir).hasInitialValue(true)
                .getter(new SetupOptionsFields(o, 3)).setter(new SetupOptionsFields(o, 3))
                .build());
        helpOptionsOptions(spec, o.help);
    }

    /** The fields of SetupOptions's options, by their number in setupOptionsOptions(). */
    private static final class SetupOptionsFields extends FieldAccess {

        private final SetupOptions o;

        SetupOptionsFields(SetupOptions o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.cfg;
                case 1 -> o.logLevel;
                case 2 -> o.logger;
                case 3 -> o.logDir;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.cfg = (java.lang.String) value;
                case 1 -> o.logLevel = (java.lang.String) value;
                case 2 -> o.logger = (java.lang.String) value;
                case 3 -> o.logDir = (java.lang.String) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void grepOptionsOptions(CommandSpec spec, GrepOptions o) {
        spec.addOption(OptionSpec.builder("--regex",
                        "-regex",
                        "--grep",
                        "-grep")
                .order(1)
                .paramLabel("RE")
                .description("Keep lines matching this RE2 (Go syntax) pattern; '.' keeps every line (default).")
                .defaultValue(".")
                .arity(new Range(1, 1, false, true, "1"))
                .type(java.lang.String.class)
                .auxiliaryTypes(java.lang.String.class)
                .initialValue(o.regex).hasInitialValue(true)
                .getter(new GrepOptionsFields(o, 0)).setter(new GrepOptionsFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--invert",
                        "-invert")
                .order(2)
                .paramLabel("<invert>")
                .description("Keep the lines that do NOT match.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.invert).hasInitialValue(true)
                .getter(new GrepOptionsFields(o, 1)).setter(new GrepOptionsFields(o, 1))
                .build());
        spec.addOption(OptionSpec.builder("--before",
                        "-before")
                .order(4)
                .paramLabel("N")
                .description("Also show N lines before each match (grep -B).")
                .defaultValue("0")
                .arity(new Range(1, 1, false, true, "1"))
                .type(int.class)
                .auxiliaryTypes(int.class)
                .initialValue(o.before).hasInitialValue(true)
                .getter(new GrepOptionsFields(o, 2)).setter(new GrepOptionsFields(o, 2))
                .build());
        spec.addOption(OptionSpec.builder("--after",
                        "-after")
                .order(5)
                .paramLabel("N")
                .description("Also show N lines after each match (grep -A).")
                .defaultValue("0")
                .arity(new Range(1, 1, false, true, "1"))
                .type(int.class)
                .auxiliaryTypes(int.class)
                .initialValue(o.after).hasInitialValue(true)
                .getter(new GrepOptionsFields(o, 3)).setter(new GrepOptionsFields(o, 3))
                .build());
        spec.addOption(OptionSpec.builder("--max",
                        "-max")
                .order(6)
                .paramLabel("N")
                .description("Stop reading a file after N matches (grep -m); 0 = no limit.")
                .defaultValue("0")
                .arity(new Range(1, 1, false, true, "1"))
                .type(int.class)
                .auxiliaryTypes(int.class)
                .initialValue(o.max).hasInitialValue(true)
                .getter(new GrepOptionsFields(o, 4)).setter(new GrepOptionsFields(o, 4))
                .build());
    }

    /** The fields of GrepOptions's options, by their number in grepOptionsOptions(). */
    private static final class GrepOptionsFields extends FieldAccess {

        private final GrepOptions o;

        GrepOptionsFields(GrepOptions o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.regex;
                case 1 -> o.invert;
                case 2 -> o.before;
                case 3 -> o.after;
                case 4 -> o.max;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.regex = (java.lang.String) value;
                case 1 -> o.invert = (Boolean) value;
                case 2 -> o.before = (Integer) value;
                case 3 -> o.after = (Integer) value;
                case 4 -> o.max = (Integer) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }

    private static void helpOptionsOptions(CommandSpec spec, HelpOptions o) {
        spec.addOption(OptionSpec.builder("-h",
                        "--help",
                        "-help")
                .order(501).usageHelp(true)
                .paramLabel("<help>")
                .description("Show this help and exit.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.help).hasInitialValue(true)
                .getter(new HelpOptionsFields(o, 0)).setter(new HelpOptionsFields(o, 0))
                .build());
        spec.addOption(OptionSpec.builder("--version",
                        "-version")
                .order(502).versionHelp(true)
                .paramLabel("<version>")
                .description("Print the version and exit.")
                .arity(new Range(0, 0, false, true, "0"))
                .type(boolean.class)
                .auxiliaryTypes(boolean.class)
                .initialValue(o.version).hasInitialValue(true)
                .getter(new HelpOptionsFields(o, 1)).setter(new HelpOptionsFields(o, 1))
                .build());
    }

    /** The fields of HelpOptions's options, by their number in helpOptionsOptions(). */
    private static final class HelpOptionsFields extends FieldAccess {

        private final HelpOptions o;

        HelpOptionsFields(HelpOptions o, int option) {
            super(option);
            this.o = o;
        }

        @Override
        Object read(int option) {
            return switch (option) {
                case 0 -> o.help;
                case 1 -> o.version;
                default -> throw new IllegalArgumentException("no option " + option);
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        void write(int option, Object value) {
            switch (option) {
                case 0 -> o.help = (Boolean) value;
                case 1 -> o.version = (Boolean) value;
                default -> throw new IllegalArgumentException("no option " + option);
            }
        }
    }
}
