package io.jdtail.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Objects;

/**
 * One entry of a {@code Server.Permissions} list.
 *
 * <p>Accepted spellings (all DTail wrote, plus the leading-{@code !} form):
 * <ul>
 *   <li>{@code readfiles:REGEX} — allow paths matching REGEX</li>
 *   <li>{@code !readfiles:REGEX} and {@code readfiles:!REGEX} — deny paths matching REGEX</li>
 *   <li>{@code REGEX} / {@code !REGEX} without a type — read as {@code readfiles} (DTail's default
 *       {@code ^/.*} had no prefix)</li>
 * </ul>
 * REGEX uses Go/RE2 syntax (DTail's) and is searched anywhere in the path (anchor it with {@code ^...$}
 * to match the whole path). See {@code io.jdtail.server.permission.FileAccessChecker} for how rules combine.
 *
 * @param text  the rule as written
 * @param deny  true for a deny rule
 * @param regex the compiled expression
 */
public record PermissionRule(String text, boolean deny, Pattern regex) {

    public static final String READ_FILES = "readfiles";

    public PermissionRule {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(regex, "regex");
    }

    /** True when the rule's expression is found in {@code path}. */
    public boolean matches(String path) {
        return regex.matcher(path).find();
    }

    /** Outcome of {@link #parse}. */
    public sealed interface Parsed {
        /** A {@code readfiles} rule. */
        record Rule(PermissionRule rule) implements Parsed { }

        /** A rule of a permission type jdtail does not know (DTail ignored those too). */
        record OtherType(String type) implements Parsed { }
    }

    /**
     * Parses one rule.
     *
     * @throws IllegalArgumentException with a message naming the problem (empty or invalid expression)
     */
    public static Parsed parse(String text) {
        String body = text;
        boolean deny = false;
        if (body.startsWith("!")) {
            deny = true;
            body = body.substring(1);
        }
        int colon = body.indexOf(':');
        if (colon > 0 && isTypeName(body.substring(0, colon))) {
            String type = body.substring(0, colon);
            if (!type.equals(READ_FILES)) {
                return new Parsed.OtherType(type);
            }
            body = body.substring(colon + 1);
            if (body.startsWith("!")) {
                if (deny) {
                    throw new IllegalArgumentException("'!' given twice in \"" + text + "\"");
                }
                deny = true;
                body = body.substring(1);
            }
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("empty regular expression in \"" + text + "\"");
        }
        try {
            return new Parsed.Rule(new PermissionRule(text, deny, Pattern.compile(body)));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression \"" + body + "\": " + e.getDescription());
        }
    }

    private static boolean isTypeName(String s) {
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
