package io.jdtail.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The release of jdtail the build wrote into {@code version.properties}, as every command's version option says it. */
public final class Release {

    private Release() {
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Release.class.getResourceAsStream("/io/jdtail/engine/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /** What {@code --version} prints, the same for the clients and dserver. */
    public static String line() {
        return "jdtail " + version() + " (Java " + Runtime.version() + ")";
    }
}
