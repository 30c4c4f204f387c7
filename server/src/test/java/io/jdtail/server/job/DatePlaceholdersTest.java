package io.jdtail.server.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DatePlaceholdersTest {

    static final LocalDate MARCH_1_2024 = LocalDate.of(2024, 3, 1);

    @Test
    void everyPlaceholderAcrossAMonthAndLeapDay() {
        assertEquals("/logs/app-20240301.log", DatePlaceholders.resolve("/logs/app-$today.log", MARCH_1_2024));
        assertEquals("20240229", DatePlaceholders.resolve("$yesterday", MARCH_1_2024));
        assertEquals("20240228", DatePlaceholders.resolve("$yyesterday", MARCH_1_2024));
        assertEquals("20240227", DatePlaceholders.resolve("$yyyesterday", MARCH_1_2024));
        assertEquals("20240302", DatePlaceholders.resolve("$tomorrow", MARCH_1_2024));
        assertEquals("20250101", DatePlaceholders.resolve("$tomorrow", LocalDate.of(2024, 12, 31)));
    }

    @Test
    void severalInOneTextAndTextThatIsNoPlaceholderStays() {
        assertEquals("/r/20240229-20240301.csv", DatePlaceholders.resolve("/r/$yesterday-$today.csv", MARCH_1_2024));
        assertEquals("$ $x $yyyyesterday $TODAY a$", DatePlaceholders.resolve("$ $x $yyyyesterday $TODAY a$",
                MARCH_1_2024));
        assertEquals("20240301x", DatePlaceholders.resolve("$todayx", MARCH_1_2024));
        assertEquals("$20240301", DatePlaceholders.resolve("$$today", MARCH_1_2024));
        assertEquals(List.of("a20240229", "b"), DatePlaceholders.resolve(List.of("a$yesterday", "b"), MARCH_1_2024));
    }

    @Test
    void hasPlaceholderSaysWhetherTheTextChangesWithTheDay() {
        assertEquals(true, DatePlaceholders.hasPlaceholder("/logs/app-$today.log"));
        assertEquals(true, DatePlaceholders.hasPlaceholder("$x $$yyyesterday"));
        assertEquals(false, DatePlaceholders.hasPlaceholder("/logs/app.log"));
        assertEquals(false, DatePlaceholders.hasPlaceholder("$ $x $yyyyesterday $TODAY a$"));
    }

    // ------------------------------------------------------------------ laws

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(1970, 1, 4).toEpochDay(), LocalDate.of(2200, 1, 1).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    /**
     * Text pieces: a placeholder, or literal text that may hold '$' but none of the letters that spell a
     * placeholder's name, so that no two pieces run together into a placeholder.
     */
    @Provide
    Arbitrary<List<String>> pieces() {
        Arbitrary<String> literal = Arbitraries.strings().withChars("abcyz$/-._ 0123456789").ofMaxLength(6)
                .filter(s -> DatePlaceholders.ALL.stream().noneMatch(p -> s.contains(p.token())));
        Arbitrary<String> token = Arbitraries.of(DatePlaceholders.ALL).map(DatePlaceholders.Placeholder::token);
        return Arbitraries.oneOf(literal, token).list().ofMaxSize(8);
    }

    /** Each placeholder becomes its day and literal text stays, whatever surrounds them. */
    @Property
    void aTextIsItsPiecesResolved(@ForAll("pieces") List<String> pieces, @ForAll("dates") LocalDate today) {
        StringBuilder text = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (String piece : pieces) {
            text.append(piece);
            var p = DatePlaceholders.ALL.stream().filter(x -> x.token().equals(piece)).findFirst();
            expected.append(p.isPresent() ? DatePlaceholders.FORMAT.format(today.plusDays(p.get().dayOffset())) : piece);
        }
        assertEquals(expected.toString(), DatePlaceholders.resolve(text.toString(), today), text.toString());
    }

    /** Yesterday is yesterday's today, and so on: the placeholders are one calendar, shifted. */
    @Property
    void placeholdersAreTodayShifted(@ForAll("dates") LocalDate today) {
        for (DatePlaceholders.Placeholder p : DatePlaceholders.ALL) {
            assertEquals(DatePlaceholders.resolve("$today", today.plusDays(p.dayOffset())),
                    DatePlaceholders.resolve(p.token(), today), p.token());
        }
    }

    /** Text without '$' is returned as it is. */
    @Property
    void textWithoutDollarIsUnchanged(@ForAll String text, @ForAll("dates") LocalDate today) {
        String t = text.replace("$", "");
        assertEquals(t, DatePlaceholders.resolve(t, today));
    }
}
