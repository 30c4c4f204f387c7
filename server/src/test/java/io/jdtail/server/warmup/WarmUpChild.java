package io.jdtail.server.warmup;

import io.jdtail.config.DtailConfig;
import io.jdtail.engine.operator.HostContext;
import io.jdtail.server.session.PlanSessionHandler;
import io.jdtail.server.ssh.Dserver;
import io.jdtail.server.ssh.DserverOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * A process of its own for {@link WarmUpCryptoChoiceTest}: a real dserver on 127.0.0.1 and its warm-up, in a JVM
 * whose choice of MINA's crypto the test makes (MINA reads it once per JVM). Prints {@code answered: N}; a failure
 * ends it with its stack trace on stderr. Argument: a directory for dserver's cache.
 */
public final class WarmUpChild {

    private WarmUpChild() {
    }

    public static void main(String[] args) throws Exception {
        Path cacheDir = Path.of(args[0]);
        DtailConfig d = DtailConfig.defaults();
        DtailConfig config = d.withCommon(d.common().withCacheDir(cacheDir.toString()))
                .withServer(d.server().withHostKeyFile(cacheDir.resolve("ssh_host_key").toString()));
        try (Dserver server = Dserver.start(config, DserverOptions.defaults().withBindAddress("127.0.0.1").withPort(0),
                new PlanSessionHandler(config, HostContext.local()))) {
            List<WarmUp.Answer> answers = new WarmUp(server, cacheDir, 8 << 10).run();
            System.out.println("answered: " + answers.size());
        }
    }
}
