package io.jdtail.engine.operator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where a plan runs: the values of {@code $hostname}, {@code $server}, {@code $timezone} and
 * {@code $timeoffset}.
 */
public final class HostContext {

    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    private final String hostname;
    /** The zone, looked up when a query first asks ({@code ZoneId.systemDefault()} reads the tz database: ~20 ms). */
    private final Supplier<ZoneId> zone;

    public HostContext(String hostname, ZoneId zone) {
        this(hostname, () -> zone);
    }

    private HostContext(String hostname, Supplier<ZoneId> zone) {
        this.hostname = hostname;
        this.zone = zone;
    }

    /** This host, in its default zone (looked up when first used; the JDK keeps it once read). */
    public static HostContext local() {
        return new HostContext(localHostName(), ZoneId::systemDefault);
    }

    public String hostname() {
        return hostname;
    }

    public ZoneId zone() {
        return zone.get();
    }

    /**
     * {@code $HOSTNAME}, else the kernel's name for this host, as {@code hostname} and DTail (Go's os.Hostname) read it,
     * else {@code InetAddress}'s. Reading the kernel's costs nothing; {@code InetAddress.getLocalHost} also resolves the
     * name (java.security's set-up, /etc/hosts, maybe DNS), some 40 ms of CPU in every client command.
     */
    public static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            String kernel = Files.readString(KERNEL_HOST_NAME).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Short zone name, e.g. {@code UTC} or {@code CET}. */
    public String timezoneName() {
        return zone().getDisplayName(TextStyle.SHORT, Locale.ROOT);
    }

    /** Offset from UTC now, e.g. {@code +0100}. */
    public String timeOffset() {
        return zone().getRules().getOffset(Instant.now()).getId().replace("Z", "+00:00").replace(":", "");
    }
}
