package io.jdtail.ast;

import java.util.regex.Pattern;

/**
 * A field reference: a bareword taken from the line ({@code status}), a variable ({@code $time}),
 * or {@code *}. The name is stored without backticks.
 */
public record Field(String name) implements Operand, Expression, Argument {

    private static final Pattern PLAIN = Pattern.compile("\\$?[A-Za-z_][A-Za-z0-9_.\\-]*|\\*");

    public static final Field STAR = new Field("*");

    public Field {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("field name must not be empty");
        }
    }

    public boolean isVariable() {
        return name.startsWith("$");
    }

    /** The name as it must be written in a query: backtick-quoted when it is not a plain identifier. */
    public String text() {
        if (PLAIN.matcher(name).matches() && !Keywords.isReserved(name)) {
            return name;
        }
        return "`" + name.replace("`", "``") + "`";
    }
}
