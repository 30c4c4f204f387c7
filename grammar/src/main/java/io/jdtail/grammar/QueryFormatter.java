package io.jdtail.grammar;

import io.jdtail.ast.Aggregation;
import io.jdtail.ast.Assignment;
import io.jdtail.ast.BareField;
import io.jdtail.ast.Condition;
import io.jdtail.ast.Expression;
import io.jdtail.ast.Field;
import io.jdtail.ast.FunctionCall;
import io.jdtail.ast.Keywords;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.Operand;
import io.jdtail.ast.Ordering;
import io.jdtail.ast.Query;
import io.jdtail.ast.SelectItem;
import io.jdtail.ast.StringLiteral;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a {@link Query} as canonical query text: lower-case keywords, one space between tokens,
 * {@code ", "} between list elements, clauses in the order select, from, where, group by,
 * order/rorder by, set, interval, limit, outfile, logformat. For every query {@code q} the parser
 * accepts (with the same log formats), {@code parse(format(q)).equals(q)}.
 */
public final class QueryFormatter {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private QueryFormatter() {
    }

    public static String format(Query query) {
        StringBuilder out = new StringBuilder("select ").append(list(query.select(), QueryFormatter::selectItem));
        query.table().ifPresent(t -> out.append(" from ").append(name(t)));
        if (!query.where().isEmpty()) {
            out.append(" where ").append(list(query.where(), QueryFormatter::condition));
        }
        if (!query.groupBy().isEmpty()) {
            out.append(" group by ").append(list(query.groupBy(), Field::text));
        }
        query.ordering().ifPresent(o -> out.append(' ').append(ordering(o)));
        if (!query.assignments().isEmpty()) {
            out.append(" set ").append(list(query.assignments(), QueryFormatter::assignment));
        }
        query.interval().ifPresent(i -> out.append(" interval ").append(i.text()));
        query.limit().ifPresent(l -> out.append(" limit ").append(l));
        query.outfile().ifPresent(o -> {
            out.append(" outfile ");
            if (o.append()) {
                out.append("append ");
            }
            out.append(new StringLiteral(o.path()).text());
        });
        query.logFormat().ifPresent(f -> out.append(" logformat ").append(name(f)));
        return out.toString();
    }

    /** One select item or order key, e.g. {@code count($time)}. */
    public static String selectItem(SelectItem item) {
        return switch (item) {
            case Aggregation a -> a.text();
            case BareField b -> b.field().text();
        };
    }

    /** One where condition, e.g. {@code status >= 500}. */
    public static String condition(Condition c) {
        return operand(c.left()) + " " + c.operator().symbol() + " " + operand(c.right());
    }

    /** One set assignment, e.g. {@code $mask = maskdigits($time)}. */
    public static String assignment(Assignment a) {
        return a.variable().text() + " = " + expression(a.value());
    }

    private static String ordering(Ordering o) {
        String s = (o.reverseKeyword() ? "rorder by " : "order by ") + selectItem(o.key());
        return o.explicitDirection().map(d -> s + " " + d.name().toLowerCase(Locale.ROOT)).orElse(s);
    }

    private static String operand(Operand o) {
        return switch (o) {
            case Field f -> f.text();
            case StringLiteral s -> s.text();
            case NumberLiteral n -> n.text();
        };
    }

    private static String expression(Expression e) {
        return switch (e) {
            case Field f -> f.text();
            case StringLiteral s -> s.text();
            case NumberLiteral n -> n.text();
            case FunctionCall call -> call.function().keyword() + "(" + call.argument().text() + ")";
        };
    }

    /** A table or log format name: bare when it is a plain identifier, else backtick-quoted. */
    private static String name(String name) {
        if (PLAIN_NAME.matcher(name).matches() && !Keywords.isReserved(name)) {
            return name;
        }
        return "`" + name.replace("`", "``") + "`";
    }

    private static <T> String list(List<T> items, Function<T, String> text) {
        return items.stream().map(text).collect(Collectors.joining(", "));
    }
}
