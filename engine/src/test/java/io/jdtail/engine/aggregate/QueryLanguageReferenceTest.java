package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdtail.engine.testing.Engines;
import io.jdtail.grammar.ParsingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What docs/query-language.md says of percentiles and distinct counts is what the engine does: its
 * error messages, and the list of aggregations an unknown one names (the engine's own, without the
 * test plug-ins). Its example table is checked by the clients' DmapPercentilesDocTest.
 */
class QueryLanguageReferenceTest {

    private static String reference() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path doc = here.resolve("docs/query-language.md");
        return Files.readString(Files.isRegularFile(doc) ? doc : here.getParent().resolve("docs/query-language.md"),
                StandardCharsets.UTF_8);
    }

    @Test
    void theQuotedErrorsAreTheParsersAndTheUnknownAggregationListsTheEnginesOwn() throws IOException {
        String doc = reference();
        for (String call : List.of("percentile(latency, 0)", "quantile(latency, 1.5)")) {
            Matcher quoted = Pattern.compile(Pattern.quote("`" + call + "` gives\n  `") + "([^`]*)`").matcher(doc);
            assertThat(quoted.find()).as("the doc quotes the error of %s", call).isTrue();
            assertThatThrownBy(() -> Engines.plan("select " + call))
                    .isInstanceOf(ParsingException.class)
                    .satisfies(e -> assertThat(((ParsingException) e).reason()).isEqualTo(quoted.group(1)));
        }
        List<String> shipped = Aggregates.installed().all().stream()
                .filter(a -> a.getClass().getPackageName().equals(Aggregate.class.getPackageName()))
                .map(Aggregate::name).toList();
        assertThat(doc).contains("`select median(latency)` gives\n`unknown aggregation 'median', expected one of "
                + String.join(", ", shipped) + "`");
    }
}
