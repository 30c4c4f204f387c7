package io.jdtail.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one host:port rule: each input to its exact result or message. */
class HostPortTest {

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "graphite.example.org | graphite.example.org | 2003",
        "127.0.0.1:2103       | 127.0.0.1            | 2103",
        "' h:1 '              | h                    | 1",
        "[::1]:2004           | ::1                  | 2004",
        "[::1]                | ::1                  | 2003",
        "fe80::1              | fe80::1              | 2003",
        "::1                  | ::1                  | 2003",
        "host:65535           | host                 | 65535",
    })
    void parses(String text, String host, int port) {
        HostPort parsed = HostPort.parse(text, 2003);
        assertThat(parsed).isEqualTo(new HostPort(host, port));
        assertThat(HostPort.parse(parsed.toString(), 1)).as("toString parses back").isEqualTo(parsed);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "''          | no host given (expected host[:port])",
        "' '         | no host given (expected host[:port])",
        "NULL        | no host given (expected host[:port])",
        ":2003       | ':2003': no host (expected host[:port])",
        "[]:1        | '[]:1': no host (expected host[:port])",
        "h:0         | 'h:0': port '0' is not a number from 1 to 65535",
        "h:65536     | 'h:65536': port '65536' is not a number from 1 to 65535",
        "h:x         | 'h:x': port 'x' is not a number from 1 to 65535",
        "h:          | 'h:': port '' is not a number from 1 to 65535",
        "h:+1        | 'h:+1': port '+1' is not a number from 1 to 65535",
        "[::1        | '[::1': missing ']' after the IPv6 address",
        "[::1]2003   | '[::1]2003': expected ':port' after ']'",
        "a:b:c       | 'a:b:c': more than one ':' (write an IPv6 address as [addr]:port)",
        "::1:x:2003  | '::1:x:2003': more than one ':' (write an IPv6 address as [addr]:port)",
    })
    void refuses(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text, 2003)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
