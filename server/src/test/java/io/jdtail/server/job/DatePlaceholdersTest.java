package io.jdtail.server.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DatePlaceholdersTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 1); // the day after a leap day

    @Test
    void everyPlaceholderBecomesItsDayAsYyyymmdd() {
        assertThat(DatePlaceholders.resolve("/var/log/app-$today.log", DAY)).isEqualTo("/var/log/app-20240301.log");
        assertThat(DatePlaceholders.resolve("$yesterday", DAY)).isEqualTo("20240229");
        assertThat(DatePlaceholders.resolve("$yyesterday", DAY)).isEqualTo("20240228");
        assertThat(DatePlaceholders.resolve("$yyyesterday", DAY)).isEqualTo("20240227");
        assertThat(DatePlaceholders.resolve("$tomorrow", DAY)).isEqualTo("20240302");
        assertThat(DatePlaceholders.resolve("a-$yyesterday-$yesterday-$today.csv", LocalDate.of(2025, 1, 1)))
                .isEqualTo("a-20241230-20241231-20250101.csv");
    }

    @Test
    void otherTextIsKept() {
        assertThat(DatePlaceholders.resolve("/logs/$hostname/x$$.log", DAY)).isEqualTo("/logs/$hostname/x$$.log");
        assertThat(DatePlaceholders.resolve("", DAY)).isEmpty();
        assertThat(DatePlaceholders.hasPlaceholder("/logs/app-$today.log")).isTrue();
        assertThat(DatePlaceholders.hasPlaceholder("/logs/app.log")).isFalse();
    }
}
