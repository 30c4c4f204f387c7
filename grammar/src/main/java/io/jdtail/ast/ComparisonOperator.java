package io.jdtail.ast;

import java.util.Optional;

/**
 * Operators of where conditions. Numeric ones compare numbers (a non-numeric side makes the
 * condition false); string ones compare text.
 */
public enum ComparisonOperator {
    EQ_NUM("==", true), NE_NUM("!=", true), LT("<", true), LE("<=", true), GT(">", true), GE(">=", true),
    EQ("eq", false), NE("ne", false), CONTAINS("contains", false), NCONTAINS("ncontains", false),
    HASPREFIX("hasprefix", false), NHASPREFIX("nhasprefix", false),
    HASSUFFIX("hassuffix", false), NHASSUFFIX("nhassuffix", false);

    private final String symbol;
    private final boolean numeric;

    ComparisonOperator(String symbol, boolean numeric) {
        this.symbol = symbol;
        this.numeric = numeric;
    }

    public String symbol() {
        return symbol;
    }

    public boolean numeric() {
        return numeric;
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
