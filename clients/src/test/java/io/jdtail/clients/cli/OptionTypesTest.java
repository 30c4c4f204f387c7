package io.jdtail.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * picocli's converters that {@link Commands} leaves out (java.time and java.sql types) serve no option: an option of such
 * a type would fail at parse time, so it fails here first.
 */
class OptionTypesTest {

    private static final List<Object> COMMANDS =
            List.of(new DcatCommand(), new DgrepCommand(), new DtailCommand(), new DmapCommand(), new DtailhealthCommand());

    @Test
    void noOptionOrParameterIsOfATypeWhoseConverterIsLeftOut() {
        List<String> types = COMMANDS.stream()
                .flatMap(c -> Stream.concat(CommandModels.of(c).options().stream(), CommandModels.of(c).positionalParameters().stream()))
                .flatMap(OptionTypesTest::typesOf)
                .map(Class::getName)
                .distinct().toList();
        assertThat(types).contains("java.nio.file.Path", "int", "java.lang.String")
                .noneMatch(name -> name.matches(Commands.NO_CONVERTERS_FOR));
    }

    @Test
    void theConvertersLeftOutAreJavaTimeAndJavaSqlOnly() {
        assertThat("java.time.Duration").matches(Commands.NO_CONVERTERS_FOR);
        assertThat("java.sql.Timestamp").matches(Commands.NO_CONVERTERS_FOR);
        assertThat("java.nio.file.Path").doesNotMatch(Commands.NO_CONVERTERS_FOR);
        assertThat("java.timex.Thing").doesNotMatch(Commands.NO_CONVERTERS_FOR);
    }

    @Test
    void aCommandLineMadeAfterCommandsStillConvertsItsOptions() throws ClassNotFoundException {
        Class.forName(Commands.class.getName());   // initialised, as by every command's first use
        assertThat(System.getProperty("picocli.converters.excludes")).isEqualTo(Commands.NO_CONVERTERS_FOR);
        RemoteOptions options = new RemoteOptions();
        new CommandLine(options).parseArgs("--key", "/keys/deploy", "--timeout", "7");
        assertThat(options.key).isEqualTo(Path.of("/keys/deploy"));
        assertThat(options.timeout).isEqualTo(7);
    }

    private static Stream<Class<?>> typesOf(ArgSpec arg) {
        return Stream.concat(Stream.of(arg.type()), Stream.of(arg.auxiliaryTypes()));
    }
}
