package io.jdtail.engine.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in discovery: {@code --servers} is a comma-separated list, or the path of a file with
 * one server per line ({@code #} comments and blank lines ignored).
 */
public final class ListDiscovery implements ServerDiscovery {

    @Override
    public String name() {
        return "list";
    }

    @Override
    public List<String> discover(String argument) throws java.io.IOException {
        List<String> servers = new ArrayList<>();
        Path file = Path.of(argument);
        if (!argument.contains(",") && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    servers.add(l);
                }
            }
            return servers;
        }
        for (String part : argument.split(",")) {
            if (!part.isBlank()) {
                servers.add(part.strip());
            }
        }
        return servers;
    }
}
