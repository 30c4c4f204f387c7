package io.jdtail.config;

import java.io.Serial;
import java.util.List;

/** A configuration that cannot be used; {@link #problems()} lists every problem, one message each. */
public final class ConfigException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** Where the configuration came from (a file name), for messages. */
    public String source() {
        return source;
    }

    /** Each problem as {@code JSON.path: what is wrong}, in file order. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        if (problems.size() == 1) {
            return source + ": " + problems.getFirst();
        }
        StringBuilder sb = new StringBuilder(source).append(": ").append(problems.size()).append(" problems:");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
