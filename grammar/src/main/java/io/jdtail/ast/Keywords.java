package io.jdtail.ast;

import java.util.Locale;
import java.util.Set;

/** Words that cannot be used as bare field names without backticks. */
public final class Keywords {

    private static final Set<String> RESERVED = Set.of(
            "select", "from", "where", "group", "by", "order", "rorder", "set", "interval", "limit",
            "outfile", "append", "logformat", "asc", "desc", "and",
            "eq", "ne", "contains", "ncontains", "lacks", "hasprefix", "nhasprefix", "hassuffix", "nhassuffix");

    private Keywords() {
    }

    public static boolean isReserved(String word) {
        return RESERVED.contains(word.toLowerCase(Locale.ROOT));
    }

    /** All reserved words, lower case. */
    public static Set<String> all() {
        return RESERVED;
    }
}
