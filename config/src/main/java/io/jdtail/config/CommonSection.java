package io.jdtail.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Set;

/** Reads the {@code Common} section: settings dserver and the clients share. */
final class CommonSection {

    static final Set<String> KEYS = ConfigKeys.ordered("SSHPort", "LogDir", "CacheDir", "LogLevel");
    static final Set<String> DTAIL_UNUSED = ConfigKeys.ordered("Logger", "LogRotation", "LogStrategy",
            "ExperimentalFeaturesEnable", "TmpDir");

    private CommonSection() {
    }

    static CommonConfig read(ObjectNode o, FieldReader f) {
        CommonConfig d = CommonConfig.defaults();
        f.checkKeys(o, "Common", KEYS, DTAIL_UNUSED);
        int port = f.intIn(o, "Common", "SSHPort", d.sshPort(), 1, 65535, "a port 1-65535");
        String logDir = f.nonEmptyString(o, "Common", "LogDir", d.logDir());
        String cacheDir = f.nonEmptyString(o, "Common", "CacheDir", d.cacheDir());
        String level = f.nonEmptyString(o, "Common", "LogLevel", d.logLevel());
        String lower = level.toLowerCase(Locale.ROOT);
        if (!CommonConfig.LOG_LEVELS.contains(lower)) {
            f.error("Common.LogLevel", "expected one of " + String.join(", ", CommonConfig.LOG_LEVELS)
                    + ", got " + FieldReader.show(o.get("LogLevel")));
            lower = d.logLevel();
        }
        return new CommonConfig(port, logDir, cacheDir, lower);
    }
}
