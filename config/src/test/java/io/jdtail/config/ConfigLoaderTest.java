package io.jdtail.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConfigLoaderTest {

    /** Single quotes stand for double quotes, to keep the table readable. */
    static String json(String s) {
        return s.replace('\'', '"');
    }

    static List<String> problems(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json(text), "test.json"));
        return e.problems();
    }

    static LoadedConfig load(String text) throws ConfigException {
        return ConfigLoader.parse(json(text), "test.json");
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                arguments("{'Common': {'SSHPort': 'abc'}}",
                        List.of("Common.SSHPort: expected an integer, got \"abc\"")),
                arguments("{'Common': {'SSHPort': 70000}}",
                        List.of("Common.SSHPort: expected a port 1-65535, got 70000")),
                arguments("{'Common': {'SSHPort': 0}}",
                        List.of("Common.SSHPort: expected a port 1-65535, got 0")),
                arguments("{'Common': {'SSHPort': 22.5}}",
                        List.of("Common.SSHPort: expected an integer, got 22.5")),
                arguments("{'Common': {'SSHPort': 99999999999}}",
                        List.of("Common.SSHPort: expected a port 1-65535, got 99999999999")),
                arguments("{'Common': {'CacheDir': ''}}",
                        List.of("Common.CacheDir: must not be empty")),
                arguments("{'Common': {'LogLevel': 'loud'}}",
                        List.of("Common.LogLevel: expected one of none, fatal, error, warn, info, default, verbose,"
                                + " debug, devel, trace, all, got \"loud\"")),
                arguments("{'Common': []}",
                        List.of("Common: expected an object, got []")),
                arguments("[1, 2]",
                        List.of("expected a JSON object at the top level, got [1,2]")),
                arguments("{'Server': {'MaxConnections': 0}}",
                        List.of("Server.MaxConnections: expected at least 1, got 0")),
                arguments("{'Server': {'MaxConcurrentCats': -1, 'MaxConcurrentTails': 'many'}}",
                        List.of("Server.MaxConcurrentCats: expected at least 1, got -1",
                                "Server.MaxConcurrentTails: expected an integer, got \"many\"")),
                arguments("{'Server': {'MaxLineLength': 10}}",
                        List.of("Server.MaxLineLength: expected 1024-67108864, got 10")),
                arguments("{'Server': {'SSHBindAddress': 5}}",
                        List.of("Server.SSHBindAddress: expected a string, got 5")),
                arguments("{'Server': {'Schedule': {}}}",
                        List.of("Server.Schedule: expected an array, got {}")),
                arguments("{'Server': {'Schedule': [" + GOOD_SCHEDULE + ", {'Name': 'b', 'TimeRange': [5],"
                                + " 'Files': '/x', 'Query': 'select a', 'Outfile': '/o'}]}}",
                        List.of("Server.Schedule[1].TimeRange: expected two hours 0-24, got [5]")),
                arguments("{'Server': {'Schedule': [{'Name': 'a', 'TimeRange': [10, 5], 'Files': '/x',"
                                + " 'Query': 'q', 'Outfile': '/o'}]}}",
                        List.of("Server.Schedule[0].TimeRange: expected fromHour < toHour, got [10,5]")),
                arguments("{'Server': {'Schedule': [{'Name': 'a', 'TimeRange': [0, 25], 'Files': '/x',"
                                + " 'Query': 'q', 'Outfile': '/o'}]}}",
                        List.of("Server.Schedule[0].TimeRange: expected two hours 0-24, got [0,25]")),
                arguments("{'Server': {'Schedule': [{'Enable': 'yes', 'TimeRange': [1, 2], 'Files': []}]}}",
                        List.of("Server.Schedule[0].Name: required",
                                "Server.Schedule[0].Enable: expected true or false, got \"yes\"",
                                "Server.Schedule[0].Files: must not be empty",
                                "Server.Schedule[0].Query: required",
                                "Server.Schedule[0].Outfile: required")),
                arguments("{'Server': {'Continuous': [{'Name': 'c', 'Files': '/x'}]}}",
                        List.of("Server.Continuous[0].Query: required",
                                "Server.Continuous[0]: needs somewhere to write: an Outfile, an outfile clause in its Query, or a"
                                        + " Graphite target")),
                arguments("{'Server': {'Continuous': [{'Name': 'c', 'Files': '/x', 'Query': 'select $outfile, count(*)"
                                + " group by $outfile'}]}}",
                        List.of("Server.Continuous[0]: needs somewhere to write: an Outfile, an outfile clause in its Query,"
                                + " or a Graphite target")),
                // what the text of a Graphite target says is checked by dserver before it starts, with the
                // sink's one host:port rule (server's ContinuousJobsTargetTest); here only that it is text
                arguments("{'Server': {'Continuous': [{'Name': 'c', 'Files': '/x', 'Query': 'q',"
                                + " 'Graphite': ' '}]}}",
                        List.of("Server.Continuous[0].Graphite: must not be empty")),
                arguments("{'Server': {'Continuous': [{'Name': 'c', 'Files': '/x', 'Query': 'q',"
                                + " 'Graphite': 2003}]}}",
                        List.of("Server.Continuous[0].Graphite: expected a string, got 2003")),
                arguments("{'Server': {'Continuous': [{'Name': 'c', 'Files': ['/x', 3], 'Query': 'q',"
                                + " 'Outfile': '/o'}]}}",
                        List.of("Server.Continuous[0].Files[1]: expected a non-empty string, got 3")),
                arguments("{'Server': {'Schedule': [" + GOOD_SCHEDULE + "], 'Continuous': [{'Name': 'a',"
                                + " 'Files': '/x', 'Query': 'q', 'Outfile': '/o'}]}}",
                        List.of("Server.Continuous[0].Name: duplicate job name \"a\", also used by"
                                + " Server.Schedule[0]")),
                arguments("{'Server': {'Schedule': [{'Name': 'daily report', 'TimeRange': [0, 24], 'Files': '/x',"
                                + " 'Query': 'q', 'Outfile': '/o', 'Servers': 'app1'}]}}",
                        List.of("Server.Schedule[0].Name: a job with Servers or AllowFrom logs in under its Name,"
                                + " which must be a login name (letters, digits, . _ @ -, not starting with . or -,"
                                + " at most 64), got \"daily report\"")),
                arguments("{'Server': {'Continuous': [{'Name': '-c', 'Files': '/x', 'Query': 'q', 'Outfile': '/o',"
                                + " 'AllowFrom': ['reports']}]}}",
                        List.of("Server.Continuous[0].Name: a job with Servers or AllowFrom logs in under its Name,"
                                + " which must be a login name (letters, digits, . _ @ -, not starting with . or -,"
                                + " at most 64), got \"-c\"")),
                arguments("{'Server': {'Continuous': [{'Name': 'relays', 'Files': '/x', 'Query': 'q', 'Outfile': '/o',"
                                + " 'AllowFrom': ['reports']}]}}",
                        List.of("Server.Continuous[0].Name: a job with Servers or AllowFrom logs in under its Name,"
                                + " and \"relays\" is not one: <CacheDir>/relays.authorized_keys lists the keys of"
                                + " relays, not of a job; choose another Name")),
                arguments("{'Server': {'Permissions': {'Default': ['readfiles:^/var/(log']}}}",
                        List.of("Server.Permissions.Default[0]: invalid regular expression \"^/var/(log\":"
                                + " missing closing )")),
                arguments("{'Server': {'Permissions': {'Default': 'readfiles:^/'}}}",
                        List.of("Server.Permissions.Default: expected an array of rules like"
                                + " \"readfiles:^/var/log/\", got \"readfiles:^/\"")),
                arguments("{'Server': {'Permissions': {'alice': ['readfiles:'], 'bob': [7]}}}",
                        List.of("Server.Permissions.alice[0]: empty regular expression in \"readfiles:\"",
                                "Server.Permissions.bob[0]: expected a string, got 7")),
                arguments("{'Server': {'Permissions': {'alice': ['^/a'], 'Users': {'alice': ['^/b']}}}}",
                        List.of("Server.Permissions.Users.alice: rules for user \"alice\" given twice (also"
                                + " Server.Permissions.alice)")),
                arguments("{'Server': {'Permissions': {'Default': ['!readfiles:!^/x']}}}",
                        List.of("Server.Permissions.Default[0]: '!' given twice in \"!readfiles:!^/x\"")),
                arguments("{'Client': {'TermColorsEnable': 1}}",
                        List.of("Client.TermColorsEnable: expected true or false, got 1")),
                arguments("{'Common': {'SSHPort': 2222,}}",
                        List.of("invalid JSON at line 1, column 29: Unexpected character ('}' (code 125)): was"
                                + " expecting double-quote to start field name")),
                arguments("{'Common': {'SSHPort': 1}, 'Common': {}}",
                        List.of("invalid JSON at line 1, column 36: Duplicate field 'Common'")),
                arguments("",
                        List.of("empty file, expected a JSON object")));
    }

    static final String GOOD_SCHEDULE =
            "{'Name': 'a', 'TimeRange': [0, 24], 'Files': '/x', 'Query': 'q', 'Outfile': '/o'}";

    @ParameterizedTest
    @MethodSource("badConfigs")
    void badConfigGivesExactMessages(String text, List<String> expected) {
        assertEquals(expected, problems(text));
    }

    @Test
    void exceptionMessageNamesTheSourceAndEveryProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                json("{'Common': {'SSHPort': 'x'}, 'Server': {'MaxConnections': 0}}"), "/etc/dtail/dtail.json"));
        assertEquals("/etc/dtail/dtail.json: 2 problems:\n"
                + "  Common.SSHPort: expected an integer, got \"x\"\n"
                + "  Server.MaxConnections: expected at least 1, got 0", e.getMessage());
    }

    @Test
    void emptyObjectGivesDefaults() throws Exception {
        LoadedConfig l = load("{}");
        assertEquals(DtailConfig.defaults().common(), l.config().common());
        ServerConfig s = l.config().server();
        assertEquals("0.0.0.0", s.sshBindAddress());
        assertEquals("cache/ssh_host_key", s.hostKeyFile());
        assertEquals(10, s.maxConnections());
        assertEquals(2, s.maxConcurrentCats());
        assertEquals(50, s.maxConcurrentTails());
        assertEquals(1048576, s.maxLineLength());
        assertEquals("default", s.mapreduceLogFormat());
        assertFalse(s.warmUp(), "WarmUp is off unless turned on");
        assertEquals(List.of("readfiles:^/.*$"),
                s.permissions().defaults().stream().map(PermissionRule::text).toList());
        assertEquals(2222, l.config().common().sshPort());
        assertEquals("cache", l.config().common().cacheDir());
        assertTrue(l.warnings().isEmpty());
    }

    @Test
    void warmUpCanBeTurnedOff() throws Exception {
        assertFalse(load("{'Server': {'WarmUp': false}}").config().server().warmUp());
        assertTrue(load("{'Server': {'WarmUp': true}}").config().server().warmUp());
    }

    @Test
    void unknownKeysAreWarningsWithTheirPath() throws Exception {
        LoadedConfig l = load("{'Common': {'SSHport': 22, 'Logger': 'Fout'}, 'Server': {'Schedule': [{'Name': 'a',"
                + " 'TimeRange': [0, 24], 'Files': '/x', 'Query': 'q', 'Outfile': '/o', 'Colour': 1}],"
                + " 'HostKeyBits': 4096}, 'Client': {'TermColors': {'Remote': {'TextFg': 'White'}}}, 'Extra': 1}");
        assertEquals(List.of(
                "Extra: unknown key, ignored",
                "Common.SSHport: unknown key, ignored (did you mean \"SSHPort\"? keys are case-sensitive)",
                "Common.Logger: DTail setting not used by jdtail, ignored",
                "Server.HostKeyBits: DTail setting not used by jdtail, ignored",
                "Server.Schedule[0].Colour: unknown key, ignored",
                "Client.TermColors: DTail setting not used by jdtail, ignored"),
                l.warnings().stream().map(ConfigWarning::toString).toList());
        assertEquals(2222, l.config().common().sshPort());
        assertEquals(Map.of("Remote", Map.of("TextFg", "White")), l.config().client().termColors());
    }

    /** The one wording dserver and every client print a warning in: the file first, then the key path. */
    @Test
    void warningTextsNameTheFileThenTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("dtail.json"), "{\"Common\": {\"SSHport\": 22}}");
        assertEquals(List.of(file + ": Common.SSHport: unknown key, ignored (did you mean \"SSHPort\"? keys are case-sensitive)"),
                ConfigLoader.load(file).warningTexts());
        assertEquals(List.of("Common.SSHport: unknown key, ignored (did you mean \"SSHPort\"? keys are case-sensitive)"),
                ConfigLoader.parse("{\"Common\": {\"SSHport\": 22}}", "text").warningTexts());
    }

    @Test
    void dtailStyleFileLoads() throws Exception {
        // the shape of DTail's docker/dtail.json plus its Permissions layout
        LoadedConfig l = load("""
                {
                  'Client': {},
                  'Server': {
                    'SSHBindAddress': '0.0.0.0', 'MaxConcurrentCats': 2, 'MaxConcurrentTails': 50,
                    'MaxConnections': 50, 'MapreduceLogFormat' : 'default',
                    'HostKeyFile' : 'cache/ssh_host_key', 'HostKeyBits' : 2048,
                    'Permissions': {'Default': ['^/.*'], 'Users': {'paul': ['readfiles:^/var/log/', 'readfiles:!^/var/log/secure']}},
                    'Schedule': [{'Name': 'x', 'Enable': false, 'TimeRange': [1, 2], 'Files': '/a,/b',
                                  'Query': 'q', 'Outfile': '/o', 'Servers': 'h1,h2'}]
                  },
                  'Common': {
                    'LogDir': '/var/log/dserver', 'Logger': 'Fout', 'LogLevel': 'Trace', 'LogRotation': 'Daily',
                    'CacheDir': 'cache', 'SSHPort': 2222, 'ExperimentalFeaturesEnable': false
                  }
                }""");
        DtailConfig c = l.config();
        assertEquals(50, c.server().maxConnections());
        assertEquals("trace", c.common().logLevel());
        List<PermissionRule> paul = c.server().permissions().forUser("paul");
        assertEquals(2, paul.size());
        assertFalse(paul.get(0).deny());
        assertTrue(paul.get(1).deny());
        assertEquals("^/.*", c.server().permissions().forUser("nobody").getFirst().text());
        ScheduleJob job = c.server().schedule().getFirst();
        assertEquals(List.of("/a", "/b"), job.files());
        assertEquals(List.of("h1", "h2"), job.servers());
        assertEquals(new TimeRange(1, 2), job.timeRange());
        assertEquals(4, l.warnings().size(), l.warnings()::toString);
    }

    @Test
    void continuousJobWithGraphiteOnly() throws Exception {
        LoadedConfig l = load("{'Server': {'Continuous': [{'Name': 'c', 'Enable': true, 'Files': '/x',"
                + " 'Query': 'q', 'Graphite': 'graphite.example.org', 'GraphitePrefix': 'a.b'},"
                + " {'Name': 'd', 'Files': '/x', 'Query': 'q', 'Graphite': '[::1]:2004', 'Outfile': '/o'}]}}");
        ContinuousJob c = l.config().server().continuous().get(0);
        assertEquals(Optional.of("graphite.example.org"), c.graphite());
        assertEquals(Optional.empty(), c.outfile());
        assertEquals(Optional.of("a.b"), c.graphitePrefix());
        assertTrue(c.enable());
        ContinuousJob d = l.config().server().continuous().get(1);
        assertEquals("[::1]:2004", d.graphite().orElseThrow());
        assertFalse(d.enable());
    }

    @Test
    void continuousJobWhoseQueryWritesItsOwnOutfile() throws Exception {
        LoadedConfig l = load("{'Server': {'Continuous': [{'Name': 'c', 'Files': '/x',"
                + " 'Query': 'select a, count(*) group by a OUTFILE append \\\"/o-$today.csv\\\"'}]}}");
        assertEquals(List.of(), l.warnings());
        ContinuousJob c = l.config().server().continuous().get(0);
        assertEquals(Optional.empty(), c.outfile());
        assertEquals(Optional.empty(), c.graphite());
    }

    @Test
    void commentsAndNullsAreAccepted() throws Exception {
        LoadedConfig l = load("{ // dserver\n 'Common': {'SSHPort': 2223 /* test */, 'LogDir': null}}");
        assertEquals(2223, l.config().common().sshPort());
        assertEquals("log", l.config().common().logDir());
    }

    @Test
    void permissionRulesOfUnknownTypeAreWarnedAndOnlyDenyListsAreWarned() throws Exception {
        LoadedConfig l = load("{'Server': {'Permissions': {'Default': ['writefiles:^/tmp', '!readfiles:^/etc']}}}");
        assertEquals(List.of(
                "Server.Permissions.Default[0]: unknown permission type \"writefiles\", rule ignored",
                "Server.Permissions.Default: only deny rules: no file can be read; add \"readfiles:^/.*$\" to"
                        + " allow everything else"),
                l.warnings().stream().map(ConfigWarning::toString).toList());
    }

    @Test
    void cfgNoneAndMissingFiles(@TempDir Path dir) throws Exception {
        assertEquals(DtailConfig.defaults(), ConfigLoader.load("none").config());
        assertEquals(DtailConfig.defaults(), ConfigLoader.load("NONE").config());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("nope.json").toString()));
        assertEquals(List.of("cannot read configuration: no such file"), e.problems());
        Path f = dir.resolve("dtail.json");
        Files.writeString(f, "{\"Common\": {\"SSHPort\": 2300}}");
        LoadedConfig l = ConfigLoader.load(f.toString());
        assertEquals(2300, l.config().common().sshPort());
        assertEquals(Optional.of(f), l.source());
    }

    @Test
    void defaultSearchPath() {
        assertEquals(List.of(Path.of("dtail.json"), Path.of("/home/u/.config/dtail/dtail.json"),
                        Path.of("/home/u/.config/dtail/dtail.conf"), Path.of("/home/u/.dtail.conf"),
                        Path.of("/etc/dtail/dtail.json")),
                ConfigSearchPath.of(Map.of(), Path.of("/home/u")));
        assertEquals(Path.of("/xdg/dtail/dtail.json"),
                ConfigSearchPath.of(Map.of("XDG_CONFIG_HOME", "/xdg"), Path.of("/home/u")).get(1));
    }
}
