package io.jdtail.engine.discovery;

import java.io.IOException;
import java.util.List;

/**
 * Finds the servers a client talks to. {@code --discovery NAME} picks one by name; the value of
 * {@code --servers} is its argument. Implementations are found through
 * {@link java.util.ServiceLoader}, so a site can plug in its inventory without recompiling.
 */
public interface ServerDiscovery {

    String name();

    /** The servers as {@code host[:port]} strings. */
    List<String> discover(String argument) throws IOException;
}
