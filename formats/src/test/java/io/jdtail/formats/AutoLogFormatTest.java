package io.jdtail.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.format.LineParser.FirstLine;
import io.jdtail.engine.format.LineParser.Outcome;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.formats.AutoLogFormat.Choice;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AutoLogFormatTest {

    private static final AutoLogFormat AUTO = new AutoLogFormat();

    private static String choose(String line) {
        byte[] b = ("|" + line + "|").getBytes(StandardCharsets.UTF_8);
        Choice c = Choice.of(b, 1, b.length - 2);
        return c == null ? "none" : c.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** First non-blank line -> format; '|' in the table is written as \u007c, so lines are given quoted. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', textBlock = """
            '{"http":{"method":"GET"},"latency":23.5}'          ; json
            '   {"a":1}'                                        ; json
            '\uFEFF{"a":1}'                                     ; json
            '{not json at all'                                  ; json
            'INFO|1002-071143|1|mapr.go:1|8|13|7|0.21|471h0m0s|MAPREDUCE:REQUEST|method=GET' ; default
            'WARN|1002-071143|1|x.go:1|some warning'            ; default
            'level=info msg="request served" method=GET'        ; logfmt
            'ts=2024-01-01T00:00:00Z level=error'               ; logfmt
            'a=b,c'                                             ; logfmt
            'method,latency,status'                             ; csv
            '$time,count($line)'                                ; csv
            '"quoted name",other'                               ; csv
            '\uFEFFmethod,latency'                              ; csv
            'method,latency\r'                                  ; csv
            'just one column'                                   ; default
            'Error, something went wrong'                       ; csv
            'a,,b'                                              ; default
            '"unterminated,quote'                               ; default
            'flag level=info'                                   ; default
            'Info|lower-case level'                             ; default
            '2024-01-01 12:00:00 INFO started'                  ; default
            ''                                                  ; none
            '   '                                               ; none
            '\r'                                                ; none
            '\uFEFF'                                            ; none
            """)
    void theFirstNonBlankLineChoosesTheFormat(String line, String format) {
        assertThat(choose(line)).isEqualTo(format);
    }

    @Test
    void isFoundByItsNameAndReadsTheFirstLineOfEveryFile() {
        assertThat(LogFormats.load().byName("auto").orElseThrow()).isInstanceOf(AutoLogFormat.class);
        assertThat(AUTO.readsHeaderLine()).isTrue();
    }

    @Test
    void aJsonFilesFirstLineIsARowAndItsLinesAreReadAsJson() {
        Parsed.Session s = new Parsed.Session(AUTO, null, "method", "latency");
        assertThat(s.firstLine("{\"method\":\"GET\",\"latency\":1.5}")).isEqualTo(FirstLine.ROW);
        Parsed p = s.parse("{\"method\":\"GET\",\"latency\":1.5}");
        assertThat(p.outcome).isEqualTo(Outcome.ACCEPTED);
        assertThat(p.values).isEqualTo(Map.of("method", "GET", "latency", "1.5"));
        assertThat(s.parse("method=GET").outcome).as("a later line is json too").isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void aLogfmtFilesLinesAreReadAsLogfmt() {
        Parsed.Session s = new Parsed.Session(AUTO, null, "method", "cached");
        assertThat(s.firstLine("method=GET cached")).isEqualTo(FirstLine.ROW);
        assertThat(s.parse("method=GET cached").values).isEqualTo(Map.of("method", "GET", "cached", "true"));
        assertThat(s.parse("method=\"unterminated").outcome).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void aDefaultFormatFilesLinesAreReadAsDtailsDefaultFormatWithItsTable() {
        Parsed.Session s = new Parsed.Session(AUTO, "REQUEST", "method", "$time");
        String line = "INFO|1002-071143|1|mapr.go:1|8|13|7|0.21|471h0m0s|MAPREDUCE:REQUEST|method=GET";
        assertThat(s.firstLine(line)).isEqualTo(FirstLine.ROW);
        assertThat(s.parse(line).values).isEqualTo(Map.of("method", "GET", "$time", "1002-071143"));
        assertThat(s.parse(line.replace("REQUEST", "OTHER")).outcome).as("another table").isEqualTo(Outcome.IGNORED);
    }

    @Test
    void aCsvFilesFirstLineIsItsHeaderAndNoRow() {
        Parsed.Session s = new Parsed.Session(AUTO, null, "method", "latency");
        assertThat(s.firstLine("\uFEFFlatency,method")).isEqualTo(FirstLine.HEADER);
        assertThat(s.parse("2.5,PUT").values).isEqualTo(Map.of("method", "PUT", "latency", "2.5"));
        assertThat(s.parse("2.5,PUT,extra").outcome).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void blankFirstLinesDecideNothingAndAreIgnoredUntilALineDecides() {
        Parsed.Session s = new Parsed.Session(AUTO, null, "method");
        assertThat(s.firstLine("")).isEqualTo(FirstLine.UNDECIDED);
        assertThat(s.parse("").outcome).isEqualTo(Outcome.IGNORED);
        assertThat(s.firstLine("  \r")).isEqualTo(FirstLine.UNDECIDED);
        assertThat(s.parse("  \r").outcome).isEqualTo(Outcome.IGNORED);
        assertThat(s.parse("method=GET").outcome).as("not handed over as a first line").isEqualTo(Outcome.MALFORMED);
        assertThat(s.firstLine("method=GET")).isEqualTo(FirstLine.ROW);
        assertThat(s.parse("method=GET").values).isEqualTo(Map.of("method", "GET"));
    }

    @Test
    void theNextFilesFirstLineForgetsThePreviousFilesChoice() {
        Parsed.Session s = new Parsed.Session(AUTO, null, "method");
        assertThat(s.firstLine("method,status")).isEqualTo(FirstLine.HEADER);
        assertThat(s.parse("GET,200").values).isEqualTo(Map.of("method", "GET"));
        assertThat(s.firstLine("{\"method\":\"PUT\"}")).isEqualTo(FirstLine.ROW);
        assertThat(s.parse("{\"method\":\"PUT\"}").values).isEqualTo(Map.of("method", "PUT"));
        assertThat(s.firstLine("")).isEqualTo(FirstLine.UNDECIDED);
        assertThat(s.parse("{\"method\":\"PUT\"}").outcome).as("undecided again").isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void aByteOrderMarkBeforeTheDecidingRowIsSkipped() {
        Parsed.Session s = new Parsed.Session(AUTO, null, "method");
        assertThat(s.firstLine("\uFEFF{\"method\":\"GET\"}")).isEqualTo(FirstLine.ROW);
        assertThat(s.parse("\uFEFF{\"method\":\"GET\"}").values).isEqualTo(Map.of("method", "GET"));
    }
}
