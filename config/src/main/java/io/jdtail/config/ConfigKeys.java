package io.jdtail.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The key paths of a configuration file, gathered from the section readers that own them. */
final class ConfigKeys {

    /** Top-level keys. {@code $schema} lets editors find dtail.schema.json; it is otherwise ignored. */
    static final Set<String> TOP = ordered("Common", "Server", "Client", "$schema");

    private ConfigKeys() {
    }

    /** See {@link ConfigLoader#knownKeys()}. */
    static Set<String> known() {
        Set<String> keys = new TreeSet<>(used());
        CommonSection.DTAIL_UNUSED.forEach(k -> keys.add("Common." + k));
        ServerSection.DTAIL_UNUSED.forEach(k -> keys.add("Server." + k));
        ClientSection.DTAIL_UNUSED.forEach(k -> keys.add("Client." + k));
        keys.add("$schema");
        return Collections.unmodifiableSet(keys);
    }

    /** See {@link ConfigLoader#usedKeys()}. */
    static Set<String> used() {
        Set<String> keys = new TreeSet<>();
        keys.add("Common");
        keys.add("Server");
        keys.add("Client");
        CommonSection.KEYS.forEach(k -> keys.add("Common." + k));
        ServerSection.KEYS.forEach(k -> keys.add("Server." + k));
        ClientSection.KEYS.forEach(k -> keys.add("Client." + k));
        PermissionsSection.KEYS.forEach(k -> keys.add("Server.Permissions." + k));
        JobSections.SCHEDULE.forEach(k -> keys.add("Server.Schedule[]." + k));
        JobSections.CONTINUOUS.forEach(k -> keys.add("Server.Continuous[]." + k));
        return Collections.unmodifiableSet(keys);
    }

    static Set<String> ordered(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
