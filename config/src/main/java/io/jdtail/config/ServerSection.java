package io.jdtail.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/** Reads the {@code Server} section: dserver's limits, its permissions and its jobs. */
final class ServerSection {

    static final Set<String> KEYS = ConfigKeys.ordered("SSHBindAddress", "HostKeyFile", "MaxConnections",
            "MaxConcurrentCats", "MaxConcurrentTails", "MaxLineLength", "MapreduceLogFormat", "Permissions",
            "Schedule", "Continuous", "Relay", "RelayAllowFrom", "WarmUp");
    static final Set<String> DTAIL_UNUSED = ConfigKeys.ordered("HostKeyBits", "KeyExchanges", "Ciphers", "MACs");

    private ServerSection() {
    }

    static ServerConfig read(ObjectNode o, FieldReader f) {
        ServerConfig d = ServerConfig.defaults();
        f.checkKeys(o, "Server", KEYS, DTAIL_UNUSED);
        String bind = f.nonEmptyString(o, "Server", "SSHBindAddress", d.sshBindAddress());
        String hostKey = f.nonEmptyString(o, "Server", "HostKeyFile", d.hostKeyFile());
        int maxConn = f.intIn(o, "Server", "MaxConnections", d.maxConnections(), 1, Integer.MAX_VALUE,
                "at least 1");
        int cats = f.intIn(o, "Server", "MaxConcurrentCats", d.maxConcurrentCats(), 1, Integer.MAX_VALUE,
                "at least 1");
        int tails = f.intIn(o, "Server", "MaxConcurrentTails", d.maxConcurrentTails(), 1, Integer.MAX_VALUE,
                "at least 1");
        int maxLine = f.intIn(o, "Server", "MaxLineLength", d.maxLineLength(), ServerConfig.MIN_MAX_LINE_LENGTH,
                ServerConfig.MAX_MAX_LINE_LENGTH,
                ServerConfig.MIN_MAX_LINE_LENGTH + "-" + ServerConfig.MAX_MAX_LINE_LENGTH);
        String format = f.nonEmptyString(o, "Server", "MapreduceLogFormat", d.mapreduceLogFormat());
        Permissions perms = PermissionsSection.read(o.get("Permissions"), "Server.Permissions", d.permissions(), f);
        JobSections jobs = new JobSections(f);
        List<ScheduleJob> schedule = f.array(o, "Server", "Schedule", jobs::schedule);
        List<ContinuousJob> continuous = f.array(o, "Server", "Continuous", jobs::continuous);
        boolean relay = f.bool(o, "Server", "Relay", d.relay());
        List<String> relayAllowFrom = f.optionalList(o, "Server", "RelayAllowFrom");
        boolean warmUp = f.bool(o, "Server", "WarmUp", d.warmUp());
        return new ServerConfig(bind, hostKey, maxConn, cats, tails, maxLine, format, perms, schedule, continuous,
                relay, relayAllowFrom, warmUp);
    }
}
