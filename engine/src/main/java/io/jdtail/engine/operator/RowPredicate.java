package io.jdtail.engine.operator;

import io.jdtail.ast.ComparisonOperator;
import io.jdtail.ast.Condition;
import io.jdtail.ast.Field;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.Operand;
import io.jdtail.ast.StringLiteral;
import io.jdtail.engine.row.Numbers;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;

/**
 * A compiled where condition. A condition on a field the line lacks is false; a numeric
 * comparison with a non-numeric side is false.
 */
@FunctionalInterface
interface RowPredicate {

    boolean test(Row row);

    static RowPredicate compile(Condition c, RowLayout layout) {
        ComparisonOperator op = c.operator();
        if (op.numeric()) {
            NumberSide left = Side.of(c.left(), layout).number();
            NumberSide right = Side.of(c.right(), layout).number();
            return row -> {
                double l = left.value(row);
                double r = right.value(row);
                if (Double.isNaN(l) || Double.isNaN(r)) {
                    return false;
                }
                return switch (op) {
                    case EQ_NUM -> l == r;
                    case NE_NUM -> l != r;
                    case LT -> l < r;
                    case LE -> l <= r;
                    case GT -> l > r;
                    case GE -> l >= r;
                    default -> throw new IllegalStateException(op.name());
                };
            };
        }
        TextSide left = Side.of(c.left(), layout).text();
        TextSide right = Side.of(c.right(), layout).text();
        return row -> {
            String l = left.value(row);
            String r = right.value(row);
            if (l == null || r == null) {
                return false;
            }
            return switch (op) {
                case EQ -> l.equals(r);
                case NE -> !l.equals(r);
                case CONTAINS -> l.contains(r);
                case NCONTAINS -> !l.contains(r);
                case HASPREFIX -> l.startsWith(r);
                case NHASPREFIX -> !l.startsWith(r);
                case HASSUFFIX -> l.endsWith(r);
                case NHASSUFFIX -> !l.endsWith(r);
                default -> throw new IllegalStateException(op.name());
            };
        };
    }

    interface NumberSide {
        double value(Row row);
    }

    interface TextSide {
        String value(Row row);
    }

    /** An operand as a compiled condition reads it from a row: as a number (NaN when none) or as text. */
    record Side(NumberSide number, TextSide text) {

        static Side of(Operand o, RowLayout layout) {
            return switch (o) {
                case Field f -> {
                    int slot = layout.slotOf(f.name());
                    yield new Side(row -> row.number(slot), row -> row.text(slot));
                }
                case NumberLiteral n -> constant(n.value(), n.text());
                case StringLiteral s -> constant(Numbers.parse(s.value()), s.value());
            };
        }

        private static Side constant(double number, String text) {
            return new Side(row -> number, row -> text);
        }
    }

    /** True when the condition reads a field that one of the given slots defines. */
    static boolean reads(Condition c, RowLayout layout, java.util.Set<Integer> slots) {
        return readsSlot(c.left(), layout, slots) || readsSlot(c.right(), layout, slots);
    }

    private static boolean readsSlot(Operand o, RowLayout layout, java.util.Set<Integer> slots) {
        return o instanceof Field f && slots.contains(layout.slotOf(f.name()));
    }
}
