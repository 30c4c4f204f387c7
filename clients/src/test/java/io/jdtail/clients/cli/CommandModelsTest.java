package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.cli.HelpLayout;
import io.jdtail.cli.ManPage;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Range;

/**
 * {@link CommandModels}, the clients' picocli models built without reading annotations (reading them spins a dynamic
 * proxy class per annotation type at run time: a large part of every command's start), is generated from the
 * annotations, which stay what a developer edits: this test writes the source again from them and fails when the
 * committed file differs. It then checks that each generated model is the annotations' model: the same attributes
 * for every option and parameter, the same help, manual page and completion, and the same values after parsing.
 *
 * <p>After a change to an annotation: {@code mvn -o -q -pl clients -am test -Dtest=CommandModelsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djdtail.regenerate=true} writes the file, then run it again without.
 */
class CommandModelsTest {

    private static final Path SOURCE = Path.of("src/main/java/io/jdtail/clients/cli/CommandModels.java");

    /** The commands, in the generated file's order, each new for every use (picocli keeps parse state in it). */
    private static final List<Supplier<Object>> COMMANDS = List.of(DcatCommand::new, DgrepCommand::new, DmapCommand::new,
            DtailCommand::new, DtailhealthCommand::new);

    /** Command lines that set every kind of option; the unknown ones are left out per command. */
    private static final List<List<String>> ARGUMENTS = List.of(
            List.of("--files", "a.log,b*.log", "-maxLineLength", "77", "x.log", "-", "--plain", "--color", "always",
                    "--quiet", "--cfg", "c.json", "--logLevel", "debug", "--logger", "stdout", "--logDir", "/tmp/l"),
            List.of("--servers", "h1,h2:2223", "--port", "2224", "--user", "u", "--key", "/k", "--trustAllHosts",
                    "--connectionsPerCpu", "3", "--timeout", "9", "--relays", "r1", "--relays", "r2", "--noColor"),
            List.of("--regex", "a|b", "--invert", "--before", "2", "--after", "3", "--max", "4", "--query",
                    "select count($line) group by $line", "--shutdownAfter", "5", "--server", "s:1", "--connectTimeout", "6"));

    static Stream<Supplier<Object>> commands() {
        return COMMANDS.stream();
    }

    @Test
    void theCommittedModelsAreWhatTheAnnotationsSay() throws IOException {
        String generated = source();
        if (Boolean.getBoolean("jdtail.regenerate")) {
            Files.writeString(SOURCE, generated, StandardCharsets.UTF_8);
        }
        Path wanted = Path.of("target/CommandModels.java");
        Files.writeString(wanted, generated, StandardCharsets.UTF_8);
        assertThat(Files.readString(SOURCE, StandardCharsets.UTF_8))
                .as("%s is not what the annotations say; the generated file is %s (see this test's comment)", SOURCE,
                        wanted.toAbsolutePath())
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void eachModelIsTheAnnotationsModel(Supplier<Object> command) {
        CommandSpec annotated = CommandSpec.forAnnotatedObject(command.get());
        CommandSpec generated = CommandModels.of(command.get());

        assertThat(describe(generated)).isEqualTo(describe(annotated));
        assertThat(CommandModels.name(command.get())).isEqualTo(annotated.name());
        for (int width : new int[] {80, 120}) {
            assertThat(HelpLayout.usage(generated, width)).isEqualTo(HelpLayout.usage(annotated, width));
        }
        assertThat(ManPage.troff(generated, "jdtail 1.0")).isEqualTo(ManPage.troff(annotated, "jdtail 1.0"));
        assertThat(AutoComplete.bash(generated.name(), new CommandLine(generated)))
                .isEqualTo(AutoComplete.bash(annotated.name(), new CommandLine(annotated)));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void parsingSetsTheSameValues(Supplier<Object> command) {
        for (List<String> arguments : ARGUMENTS) {
            CommandSpec annotated = CommandSpec.forAnnotatedObject(command.get());
            CommandSpec generated = CommandModels.of(command.get());
            String[] known = known(annotated, arguments);
            new CommandLine(annotated).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(known);
            new CommandLine(generated).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(known);

            assertThat(values(generated)).as("%s %s", annotated.name(), Arrays.toString(known)).isEqualTo(values(annotated));
            assertThat(values(generated)).as("the arguments set something").isNotEqualTo(values(CommandModels.of(command.get())));
        }
    }

    /** {@code arguments} without the options {@code spec} lacks (and the value one takes), and without files if it takes none. */
    private static String[] known(CommandSpec spec, List<String> arguments) {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("-") || argument.equals("-")) {
                if (!spec.positionalParameters().isEmpty()) {
                    known.add(argument);
                }
                continue;
            }
            OptionSpec option = spec.findOption(argument);
            boolean takesValue = option != null ? option.arity().max() > 0
                    : i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("-");
            if (option != null) {
                known.add(argument);
                if (takesValue) {
                    known.add(arguments.get(i + 1));
                }
            }
            if (takesValue) {
                i++;
            }
        }
        return known.toArray(String[]::new);
    }

    private static Map<String, String> values(CommandSpec spec) {
        return Stream.concat(spec.options().stream(), spec.positionalParameters().stream())
                .collect(Collectors.toMap(CommandModelsTest::key, a -> String.valueOf((Object) a.getValue()), (a, b) -> a,
                        java.util.TreeMap::new));
    }

    private static String key(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : "positional " + ((PositionalParamSpec) arg).index();
    }

    /** Every attribute of the model that picocli reads to parse or to write help, as text. */
    private static String describe(CommandSpec spec) {
        UsageMessageSpec usage = spec.usageMessage();
        StringBuilder text = new StringBuilder();
        text.append("name ").append(spec.name()).append('\n')
                .append("version ").append(Arrays.toString(spec.version())).append('\n')
                .append("usage ").append(usage.autoWidth()).append(' ').append(usage.width()).append(' ')
                .append(Arrays.toString(usage.customSynopsis())).append(Arrays.toString(usage.description()))
                .append(usage.optionListHeading()).append(Arrays.toString(usage.footer())).append(Arrays.toString(usage.header()))
                .append(usage.sortOptions()).append(usage.abbreviateSynopsis()).append(usage.showDefaultValues())
                .append(usage.synopsisHeading()).append(usage.descriptionHeading()).append(usage.parameterListHeading())
                .append(usage.footerHeading()).append(usage.requiredOptionMarker()).append(usage.hidden()).append('\n')
                .append("parser ").append(spec.parser().separator()).append(spec.mixinStandardHelpOptions()).append('\n');
        for (ArgSpec arg : Stream.concat(spec.options().stream(), spec.positionalParameters().stream()).toList()) {
            text.append(arg instanceof OptionSpec o
                    ? "option " + Arrays.toString(o.names()) + " order " + o.order() + " usageHelp " + o.usageHelp() + " versionHelp "
                            + o.versionHelp() + " negatable " + o.negatable() + " fallback " + o.fallbackValue()
                    : "positional " + ((PositionalParamSpec) arg).index());
            text.append(" label ").append(arg.paramLabel()).append(" hideParamSyntax ").append(arg.hideParamSyntax())
                    .append(" description ").append(Arrays.toString(arg.description())).append(" rendered ")
                    .append(Arrays.toString(arg.renderedDescription())).append(" default ").append(arg.defaultValue())
                    .append(" defaultString ").append(arg.defaultValueString()).append(" initial ").append((Object) arg.initialValue())
                    .append(" arity ").append(arg.arity()).append(' ').append(arg.arity().isUnspecified())
                    .append(" split ").append(arg.splitRegex()).append(" type ").append(arg.type()).append(' ')
                    .append(Arrays.toString(arg.auxiliaryTypes())).append(" multi ").append(arg.isMultiValue())
                    .append(" required ").append(arg.required()).append(" hidden ").append(arg.hidden())
                    .append(" interactive ").append(arg.interactive()).append(" showDefault ").append(arg.showDefaultValue())
                    .append(" candidates ").append(arg.completionCandidates() == null ? "none" : String.join(",", arg.completionCandidates()))
                    .append('\n');
        }
        return text.toString();
    }

    // ---- the generator

    /** CommandModels.java as the annotations of {@link #COMMANDS} make it. */
    static String source() {
        StringBuilder out = new StringBuilder();
        out.append("""
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
                """);
        List<Class<?>> types = COMMANDS.stream().<Class<?>>map(c -> c.get().getClass()).toList();
        for (Class<?> type : types) {
            out.append("        if (command instanceof ").append(type.getSimpleName()).append(" c) {\n")
                    .append("            return ").append(commandMethod(type)).append("(c);\n        }\n");
        }
        out.append("""
                        return CommandSpec.forAnnotatedObject(command);
                    }

                    /** {@code command}'s name, as its {@code @Command} annotation gives it. */
                    static String name(Object command) {
                """);
        for (Class<?> type : types) {
            out.append("        if (command instanceof ").append(type.getSimpleName()).append(") {\n")
                    .append("            return ").append(literal(type.getAnnotation(Command.class).name())).append(";\n        }\n");
        }
        out.append("""
                        return command.getClass().getAnnotation(picocli.CommandLine.Command.class).name();
                    }
                """);
        List<Class<?>> declaring = new ArrayList<>();
        for (Class<?> type : types) {
            command(out, type, declaring);
        }
        for (int k = 0; k < declaring.size(); k++) {
            declared(out, declaring.get(k), declaring);
        }
        return out.append("}\n").toString();
    }

    private static String commandMethod(Class<?> type) {
        return type.getAnnotation(Command.class).name();
    }

    /** The method that adds the options {@code type} declares (not those of its superclass). */
    private static String optionsMethod(Class<?> type) {
        return Character.toLowerCase(type.getSimpleName().charAt(0)) + type.getSimpleName().substring(1) + "Options";
    }

    /** {@code type}'s classes from the top (picocli's order), {@code Object} left out. */
    private static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            classes.addFirst(c);
        }
        return classes;
    }

    private static List<Field> annotatedFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> f.isAnnotationPresent(Option.class)
                || f.isAnnotationPresent(Parameters.class) || f.isAnnotationPresent(Mixin.class)).toList();
    }

    private static void command(StringBuilder out, Class<?> type, List<Class<?>> declaring) {
        Command annotation = type.getAnnotation(Command.class);
        out.append('\n').append("    private static CommandSpec ").append(commandMethod(type)).append('(').append(type.getSimpleName())
                .append(" c) {\n").append("        CommandSpec spec = CommandSpec.wrapWithoutInspection(c);\n")
                .append("        spec.name(").append(literal(annotation.name())).append(");\n");
        if (annotation.versionProvider().getEnclosingClass() != CommandLine.class) { // not picocli's "none"
            out.append("        spec.versionProvider(new ").append(annotation.versionProvider().getSimpleName()).append("());\n");
        }
        // the texts as written, ${...} variables and all (picocli's getters give them interpolated)
        out.append("        spec.usageMessage().autoWidth(").append(annotation.usageHelpAutoWidth()).append(")\n")
                .append("                .customSynopsis(").append(literals(annotation.customSynopsis())).append(")\n")
                .append("                .description(").append(literals(annotation.description())).append(")\n")
                .append("                .optionListHeading(").append(literal(annotation.optionListHeading())).append(")\n")
                .append("                .footer(").append(literals(annotation.footer())).append(");\n");
        for (Class<?> c : hierarchy(type)) {
            if (!annotatedFields(c).isEmpty()) {
                out.append("        ").append(optionsMethod(c)).append("(spec, c);\n");
                if (!declaring.contains(c)) {
                    declaring.add(c);
                }
            }
        }
        out.append("        return spec;\n    }\n");
    }

    /** The method that adds {@code type}'s own options and mixins to a spec, and the class that reads and writes its fields. */
    private static void declared(StringBuilder out, Class<?> type, List<Class<?>> declaring) {
        String name = type.getSimpleName();
        String fields = name + "Fields";
        List<Field> options = new ArrayList<>();
        out.append('\n').append("    private static void ").append(optionsMethod(type)).append("(CommandSpec spec, ").append(name)
                .append(" o) {\n");
        for (Field field : annotatedFields(type)) {
            if (field.isAnnotationPresent(Mixin.class)) {
                out.append("        ").append(optionsMethod(field.getType())).append("(spec, o.").append(field.getName()).append(");\n");
                if (!declaring.contains(field.getType())) {
                    declaring.add(field.getType());
                }
                continue;
            }
            options.add(field);
            option(out, field, fields, options.size() - 1);
        }
        out.append("    }\n");
        if (options.isEmpty()) {
            return;
        }
        out.append('\n').append("    /** The fields of ").append(name).append("'s options, by their number in ").append(optionsMethod(type))
                .append("(). */\n")
                .append("    private static final class ").append(fields).append(" extends FieldAccess {\n\n")
                .append("        private final ").append(name).append(" o;\n\n")
                .append("        ").append(fields).append('(').append(name).append(" o, int option) {\n")
                .append("            super(option);\n            this.o = o;\n        }\n\n")
                .append("        @Override\n        Object read(int option) {\n            return switch (option) {\n");
        for (int i = 0; i < options.size(); i++) {
            out.append("                case ").append(i).append(" -> o.").append(options.get(i).getName()).append(";\n");
        }
        out.append("                default -> throw new IllegalArgumentException(\"no option \" + option);\n")
                .append("            };\n        }\n\n")
                .append("        @Override\n        @SuppressWarnings(\"unchecked\")\n        void write(int option, Object value) {\n")
                .append("            switch (option) {\n");
        for (int i = 0; i < options.size(); i++) {
            out.append("                case ").append(i).append(" -> o.").append(options.get(i).getName()).append(" = (")
                    .append(boxed(options.get(i))).append(") value;\n");
        }
        out.append("                default -> throw new IllegalArgumentException(\"no option \" + option);\n")
                .append("            }\n        }\n    }\n");
    }

    /** One option or positional parameter: what picocli's model of {@code field} has, as builder calls. */
    private static void option(StringBuilder out, Field field, String fields, int number) {
        ArgSpec arg = fieldSpec(field);
        String[] description;
        if (arg instanceof OptionSpec option) {
            description = field.getAnnotation(Option.class).description();
            out.append("        spec.addOption(OptionSpec.builder(").append(literals(option.names())).append(")\n")
                    .append("                .order(").append(option.order()).append(')');
            if (option.usageHelp()) {
                out.append(".usageHelp(true)");
            }
            if (option.versionHelp()) {
                out.append(".versionHelp(true)");
            }
        } else {
            description = field.getAnnotation(Parameters.class).description();
            out.append("        spec.addPositional(PositionalParamSpec.builder()\n").append("                .index(")
                    .append(range(((PositionalParamSpec) arg).index())).append(')');
        }
        out.append("\n                .paramLabel(").append(literal(arg.paramLabel())).append(")\n")
                .append("                .description(").append(literals(description)).append(")\n");
        if (arg.defaultValue() != null) {
            out.append("                .defaultValue(").append(literal(arg.defaultValue())).append(")\n");
        }
        if (!arg.splitRegex().isEmpty()) {
            out.append("                .splitRegex(").append(literal(arg.splitRegex())).append(")\n");
        }
        out.append("                .arity(").append(range(arg.arity())).append(")\n")
                .append("                .type(").append(arg.type().getCanonicalName()).append(".class)\n")
                .append("                .auxiliaryTypes(").append(Arrays.stream(arg.auxiliaryTypes())
                        .map(t -> t.getCanonicalName() + ".class").collect(Collectors.joining(", "))).append(")\n")
                // as picocli's own model, the field's value when the model is made: parsing starts from it
                .append("                .initialValue(o.").append(field.getName()).append(").hasInitialValue(true)\n")
                .append("                .getter(new ").append(fields).append("(o, ").append(number).append("))")
                .append(".setter(new ").append(fields).append("(o, ").append(number).append("))\n")
                .append("                .build());\n");
    }

    /** picocli's model of the option or parameter {@code field}, from a command that has it. */
    private static ArgSpec fieldSpec(Field field) {
        for (Supplier<Object> command : COMMANDS) {
            CommandSpec spec = CommandSpec.forAnnotatedObject(command.get());
            for (ArgSpec arg : Stream.concat(spec.options().stream(), spec.positionalParameters().stream()).toList()) {
                if (field.equals(arg.userObject())) {
                    return arg;
                }
            }
        }
        throw new IllegalStateException("no command has " + field);
    }

    private static String boxed(Field field) {
        Class<?> type = field.getType();
        if (type.isPrimitive()) {
            return switch (type.getName()) {
                case "int" -> "Integer";
                case "char" -> "Character";
                default -> Character.toUpperCase(type.getName().charAt(0)) + type.getName().substring(1);
            };
        }
        return field.getGenericType().getTypeName().replace('$', '.');
    }

    private static String range(Range range) {
        return "new Range(" + range.min() + ", " + range.max() + ", " + range.isVariable() + ", " + range.isUnspecified() + ", "
                + literal(range.originalValue()) + ")";
    }

    private static String literals(String[] values) {
        return Arrays.stream(values).map(CommandModelsTest::literal).collect(Collectors.joining(",\n                        "));
    }

    private static String literal(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder literal = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                default -> {
                    if (ch < 0x20 || ch > 0x7e) {
                        literal.append(String.format("\\u%04x", (int) ch));
                    } else {
                        literal.append(ch);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }
}
