package io.jdtail.server.job;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * DTail's date placeholders in a job's {@code Files} and {@code Outfile}: {@code $today},
 * {@code $yesterday}, {@code $yyesterday} (two days ago), {@code $yyyesterday} (three days ago) and
 * {@code $tomorrow} become that day as {@code YYYYMMDD}. Everything else, including a {@code $} that
 * starts no placeholder, stays as it is. The text is read once from left to right, so a replacement
 * is never read again.
 */
public final class DatePlaceholders {

    /** How dates are written: {@code 20240315}. */
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.BASIC_ISO_DATE;

    /** A placeholder and the day it stands for, relative to today. */
    public record Placeholder(String token, int dayOffset) {
    }

    /** Every placeholder; the longer of two that share a start comes first. */
    public static final List<Placeholder> ALL = List.of(
            new Placeholder("$yyyesterday", -3),
            new Placeholder("$yyesterday", -2),
            new Placeholder("$yesterday", -1),
            new Placeholder("$tomorrow", 1),
            new Placeholder("$today", 0));

    private DatePlaceholders() {
    }

    /** {@code text} with every placeholder replaced by its day relative to {@code today}. */
    public static String resolve(String text, LocalDate today) {
        int dollar = text.indexOf('$');
        if (dollar < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        out.append(text, 0, dollar);
        int i = dollar;
        while (i < text.length()) {
            char c = text.charAt(i);
            Placeholder match = c == '$' ? placeholderAt(text, i) : null;
            if (match == null) {
                out.append(c);
                i++;
                continue;
            }
            out.append(FORMAT.format(today.plusDays(match.dayOffset())));
            i += match.token().length();
        }
        return out.toString();
    }

    /** Resolves every element. */
    public static List<String> resolve(List<String> texts, LocalDate today) {
        return texts.stream().map(t -> resolve(t, today)).toList();
    }

    /** Whether {@code text} names a placeholder, i.e. changes with the day. */
    public static boolean hasPlaceholder(String text) {
        for (int i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
            if (placeholderAt(text, i) != null) {
                return true;
            }
        }
        return false;
    }

    private static Placeholder placeholderAt(String text, int i) {
        for (Placeholder p : ALL) {
            if (text.startsWith(p.token(), i)) {
                return p;
            }
        }
        return null;
    }
}
