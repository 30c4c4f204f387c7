package io.jdtail.clients.cli;

import io.jdtail.engine.Release;
import picocli.CommandLine.IVersionProvider;

/** The clients' version option: the release (see {@link Release}). */
public final class Version implements IVersionProvider {

    public static String current() {
        return Release.version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {Release.line()};
    }
}
