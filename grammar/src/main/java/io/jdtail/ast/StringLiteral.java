package io.jdtail.ast;

/** A double-quoted string; {@code value} is unescaped. */
public record StringLiteral(String value) implements Operand, Expression, Argument {

    /** The literal as written in a query, with quotes and escapes. */
    public String text() {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
