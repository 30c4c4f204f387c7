package io.jdtail.engine.operator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Where a plan runs: the values of {@code $hostname}, {@code $server}, {@code $timezone} and
 * {@code $timeoffset}.
 */
public record HostContext(String hostname, ZoneId zone) {

    public static HostContext local() {
        return new HostContext(localHostName(), ZoneId.systemDefault());
    }

    public static String localHostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Short zone name, e.g. {@code UTC} or {@code CET}. */
    public String timezoneName() {
        return zone.getDisplayName(TextStyle.SHORT, Locale.ROOT);
    }

    /** Offset from UTC now, e.g. {@code +0100}. */
    public String timeOffset() {
        return zone.getRules().getOffset(Instant.now()).getId().replace("Z", "+00:00").replace(":", "");
    }
}
