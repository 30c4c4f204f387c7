package io.jdtail.config;

import java.util.List;
import java.util.Map;

/**
 * {@code Server.Permissions}: the rule list of each user, else {@code Default}. A user's own list
 * replaces the default list (it is not merged with it), as in DTail.
 *
 * <p>JSON: {@code {"Default": [...], "alice": [...], "Users": {"bob": [...]}}} — per-user lists may be
 * given directly under {@code Permissions} or, as DTail's Go structure serialised them, under
 * {@code Users}.
 */
public record Permissions(List<PermissionRule> defaults, Map<String, List<PermissionRule>> users) {

    /** The built-in default when nothing is configured: every absolute path, i.e. whatever the file system allows. */
    public static final String DEFAULT_RULE = "readfiles:^/.*$";

    public Permissions {
        defaults = List.copyOf(defaults);
        users = users.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    public static Permissions defaultPermissions() {
        var parsed = (PermissionRule.Parsed.Rule) PermissionRule.parse(DEFAULT_RULE);
        return new Permissions(List.of(parsed.rule()), Map.of());
    }

    /** The rules that apply to {@code user}: its own list if configured, else the default list. */
    public List<PermissionRule> forUser(String user) {
        return users.getOrDefault(user, defaults);
    }
}
