package io.jdtail.engine.discovery;

import io.jdtail.engine.plugin.Plugins;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks up a discovery method by name among the built-in one and the plug-ins on the class path.
 * The built-in {@code list} also answers to DTail's names {@code comma} and {@code file} (any case).
 */
public final class Discoveries {

    private Discoveries() {
    }

    public static ServerDiscovery byName(String name) throws IOException {
        List<String> known = new ArrayList<>();
        known.add("list");
        if (name.equalsIgnoreCase("list") || name.equalsIgnoreCase("file") || name.equalsIgnoreCase("comma")) {
            return new ListDiscovery();
        }
        for (ServerDiscovery d : Plugins.find(ServerDiscovery.class, Thread.currentThread().getContextClassLoader())) {
            if (d.name().equals(name)) {
                return d;
            }
            known.add(d.name());
        }
        throw new IOException("no server discovery named '" + name + "' (known: " + String.join(", ", known) + ")");
    }
}
