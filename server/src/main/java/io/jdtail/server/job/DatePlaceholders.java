package io.jdtail.server.job;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * DTail's date placeholders in job file names and outfiles: {@code $today}, {@code $yesterday},
 * {@code $yyesterday} (two days ago), {@code $yyyesterday} (three days ago) and {@code $tomorrow},
 * each replaced by that day as {@code YYYYMMDD}. Other text, and other {@code $} words, are kept.
 */
public final class DatePlaceholders {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;
    /** Longest first: {@code $yesterday} is the tail of {@code $yyesterday}. */
    private static final String[] NAMES = {"$yyyesterday", "$yyesterday", "$yesterday", "$tomorrow", "$today"};
    private static final int[] DAYS = {-3, -2, -1, 1, 0};

    private DatePlaceholders() {
    }

    /** {@code text} with every placeholder replaced, relative to {@code today}. */
    public static String resolve(String text, LocalDate today) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        outer:
        while (i < text.length()) {
            if (text.charAt(i) == '$') {
                for (int n = 0; n < NAMES.length; n++) {
                    if (text.startsWith(NAMES[n], i)) {
                        out.append(today.plusDays(DAYS[n]).format(YYYYMMDD));
                        i += NAMES[n].length();
                        continue outer;
                    }
                }
            }
            out.append(text.charAt(i++));
        }
        return out.toString();
    }

    /** Whether {@code text} names a placeholder, i.e. changes with the day. */
    public static boolean hasPlaceholder(String text) {
        return !resolve(text, LocalDate.EPOCH).equals(text);
    }
}
