package io.jdtail.config;

/**
 * A non-fatal remark about a configuration file, e.g. an unknown key.
 *
 * @param path    JSON path, e.g. {@code Server.Schedule[0].Foo}
 * @param message what is wrong and what happens, e.g. {@code unknown key, ignored}
 */
public record ConfigWarning(String path, String message) {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
