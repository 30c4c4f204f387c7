package io.jdtail.engine.operator;

import io.jdtail.ast.Assignment;
import io.jdtail.ast.Field;
import io.jdtail.ast.FunctionCall;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.StringLiteral;
import io.jdtail.engine.row.Row;
import io.jdtail.engine.row.RowLayout;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A compiled {@code set $v = ...}; instances are per reader thread (the MD5 digest is reused). */
@FunctionalInterface
interface RowAssignment {

    void apply(Row row);

    static RowAssignment compile(Assignment a, RowLayout layout) {
        int target = layout.slotOf(a.variable().name());
        return switch (a.value()) {
            case StringLiteral s -> {
                String v = s.value();
                yield row -> row.setText(target, v);
            }
            case NumberLiteral n -> {
                String v = n.text();
                yield row -> row.setText(target, v);
            }
            case Field f -> {
                int source = layout.slotOf(f.name());
                yield row -> {
                    if (row.has(source)) {
                        row.setText(target, row.text(source));
                    }
                };
            }
            case FunctionCall call -> {
                int source = layout.slotOf(call.argument().name());
                yield switch (call.function()) {
                    case MD5SUM -> {
                        MessageDigest md5 = md5();
                        yield row -> {
                            if (row.has(source)) {
                                byte[] value = new byte[row.byteLength(source)];
                                row.copyBytes(source, value, 0);
                                row.setText(target, HexFormat.of().formatHex(md5.digest(value)));
                            }
                        };
                    }
                    case MASKDIGITS -> row -> {
                        if (row.has(source)) {
                            row.setText(target, maskDigits(row.text(source)));
                        }
                    };
                };
            }
        };
    }

    static String maskDigits(String value) {
        char[] chars = value.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= '0' && chars[i] <= '9') {
                chars[i] = '.';
            }
        }
        return new String(chars);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
