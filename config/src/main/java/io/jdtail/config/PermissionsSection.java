package io.jdtail.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code Server.Permissions}: the {@code Default} rules and per-user rules, given either as a key per user
 * (DTail) or under {@code Users}. A user given twice is an error; a rule of a type jdtail does not know is a
 * warning, and so is a list of only deny rules (it lets nothing be read).
 */
final class PermissionsSection {

    /** Fixed keys; every other key is a user name. */
    static final Set<String> KEYS = ConfigKeys.ordered("Default", "Users");

    private PermissionsSection() {
    }

    static Permissions read(JsonNode n, String path, Permissions dflt, FieldReader f) {
        if (!FieldReader.isPresent(n)) {
            return dflt;
        }
        if (!n.isObject()) {
            f.error(path, "expected an object, got " + FieldReader.show(n));
            return dflt;
        }
        List<PermissionRule> defaults = dflt.defaults();
        JsonNode d = n.get("Default");
        if (FieldReader.isPresent(d)) {
            defaults = rules(d, path + ".Default", f);
        }
        Map<String, List<PermissionRule>> users = new LinkedHashMap<>();
        Map<String, String> definedAt = new LinkedHashMap<>();
        for (var it = n.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            if (key.equals("Default") || !FieldReader.isPresent(e.getValue())) {
                continue;
            }
            if (key.equals("Users") && e.getValue().isObject()) {
                for (var uit = e.getValue().properties().iterator(); uit.hasNext(); ) {
                    var ue = uit.next();
                    if (FieldReader.isPresent(ue.getValue())) {
                        addUser(users, definedAt, ue.getKey(), path + ".Users." + ue.getKey(), ue.getValue(), f);
                    }
                }
            } else {
                addUser(users, definedAt, key, path + "." + key, e.getValue(), f);
            }
        }
        return new Permissions(defaults, users);
    }

    private static void addUser(Map<String, List<PermissionRule>> users, Map<String, String> definedAt, String user,
                                String path, JsonNode value, FieldReader f) {
        List<PermissionRule> r = rules(value, path, f);
        String earlier = definedAt.putIfAbsent(user, path);
        if (earlier != null) {
            f.error(path, "rules for user \"" + user + "\" given twice (also " + earlier + ")");
            return;
        }
        users.put(user, r);
    }

    static List<PermissionRule> rules(JsonNode n, String path, FieldReader f) {
        List<PermissionRule> out = new ArrayList<>();
        if (!n.isArray()) {
            f.error(path, "expected an array of rules like \"readfiles:^/var/log/\", got " + FieldReader.show(n));
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode r = n.get(i);
            String p = path + "[" + i + "]";
            if (!r.isTextual()) {
                f.error(p, "expected a string, got " + FieldReader.show(r));
                continue;
            }
            try {
                switch (PermissionRule.parse(r.textValue())) {
                    case PermissionRule.Parsed.Rule rule -> out.add(rule.rule());
                    case PermissionRule.Parsed.OtherType other ->
                            f.warn(p, "unknown permission type \"" + other.type() + "\", rule ignored");
                }
            } catch (IllegalArgumentException e) {
                f.error(p, e.getMessage());
            }
        }
        if (!out.isEmpty() && out.stream().allMatch(PermissionRule::deny)) {
            f.warn(path, "only deny rules: no file can be read; add \"" + Permissions.DEFAULT_RULE
                    + "\" to allow everything else");
        }
        return out;
    }
}
