package io.jdtail.ast;

import java.util.Optional;

/**
 * Operators of where conditions. Numeric ones compare numbers (a non-numeric side makes the
 * condition false); string ones compare text.
 */
public enum ComparisonOperator {
    EQ_NUM("=="), NE_NUM("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    EQ("eq"), NE("ne"), CONTAINS("contains"), NCONTAINS("ncontains"),
    HASPREFIX("hasprefix"), NHASPREFIX("nhasprefix"),
    HASSUFFIX("hassuffix"), NHASSUFFIX("nhassuffix");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether the operator compares numbers (the symbolic ones) rather than text (the word ones). */
    public boolean numeric() {
        return switch (this) {
            case EQ_NUM, NE_NUM, LT, LE, GT, GE -> true;
            case EQ, NE, CONTAINS, NCONTAINS, HASPREFIX, NHASPREFIX, HASSUFFIX, NHASSUFFIX -> false;
        };
    }

    /**
     * Looks up an operator as written; {@code lacks} is DTail's synonym of {@code ncontains}, and
     * {@code =<} / {@code =>} are DTail's spellings of {@code <=} / {@code >=}.
     */
    public static Optional<ComparisonOperator> bySymbol(String written) {
        String s = switch (written.toLowerCase(java.util.Locale.ROOT)) {
            case "lacks" -> "ncontains";
            case "=<" -> "<=";
            case "=>" -> ">=";
            default -> written;
        };
        for (ComparisonOperator op : values()) {
            if (op.symbol.equalsIgnoreCase(s)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
