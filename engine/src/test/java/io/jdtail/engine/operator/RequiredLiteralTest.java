package io.jdtail.engine.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which text a pattern's matches must contain; "-" = none, so every line goes to the regex engine. */
class RequiredLiteralTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", ignoreLeadingAndTrailingWhitespace = false, value = {
        "upstream timeout=>upstream timeout=>true",
        "upstream.timeout=>upstream=>false",
        "a.{2}b=>a=>false",
        "\\d{3}=>-=>false",
        "code \\d{3} returned=> returned=>false",
        "x\\.y=>x.y=>true",
        "(?i:error)=>-=>false",
        "ERROR|WARN=>-=>false",
        "(ab|cd)ef=>ef=>false",
        "abc*d=>ab=>false",
        "abc+d=>abc=>false",
        "abc?d=>ab=>false",
        "ab{2}c=>a=>false",
        "[[:alpha:]]+ok=>ok=>false",
        "^INFO=>INFO=>false",
        "timeout$=>timeout=>false",
        "\\bword\\b=>word=>false",
        ".=>-=>false",
        "(a+)+$=>-=>false"})
    void extractsTheLongestRequiredRun(String pattern, String literal, boolean whole) {
        Optional<RequiredLiteral> r = RequiredLiteral.of(pattern);
        if (literal.equals("-")) {
            assertThat(r).isEmpty();
        } else {
            assertThat(r).contains(new RequiredLiteral(literal, whole));
        }
    }

    /**
     * The branches' literals, "/"-separated, each with "!" when the branch is that text exactly, "~" when it is
     * caseless; "-" = none.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", ignoreLeadingAndTrailingWhitespace = false, value = {
        "ERROR|WARN=>ERROR!/WARN!",
        "ERROR|WARN|upstream timeout=>ERROR!/WARN!/upstream timeout!",
        "ERR.R|WARN=>ERR/WARN!",
        "(ab|cd)ef|x\\|y=>ef/x|y!",
        "[|]a|b=>a/b!",
        "ERROR|=>-",
        "|WARN=>-",
        "ERROR|.*=>-",
        "ERROR|(?i)WARN=>-",
        "\\Qa|b\\E=>-",
        "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p=>a!/b!/c!/d!/e!/f!/g!/h!/i!/j!/k!/l!/m!/n!/o!/p!",
        "a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q=>-",
        "(?i)ERROR|WARN=>ERROR~/WARN~",
        "(?i)upstream timeout=>tream timeout~",
        "(?i)a.k|b=>a~/b~",
        "(?i)sk|b=>-",
        "(?i)caf\u00e9 time=> time~",
        "(?i)x(?s).y=>-",
        "(?i:x)|y=>-",
        "upstream timeout=>upstream timeout!",
        "upstream.timeout=>upstream"})
    void anyOfGivesOneLiteralPerBranch(String pattern, String literals) {
        Optional<List<RequiredLiteral>> r = RequiredLiteral.anyOf(pattern);
        if (literals.equals("-")) {
            assertThat(r).isEmpty();
        } else {
            List<RequiredLiteral> expected = java.util.Arrays.stream(literals.split("/"))
                    .map(l -> l.endsWith("!") ? new RequiredLiteral(l.substring(0, l.length() - 1), true)
                            : l.endsWith("~") ? new RequiredLiteral(l.substring(0, l.length() - 1), false, true)
                            : new RequiredLiteral(l, false))
                    .toList();
            assertThat(r).contains(expected);
        }
    }
}
