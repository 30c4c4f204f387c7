package io.jdtail.server.job;

import io.jdtail.config.ConfigLoader;
import io.jdtail.engine.operator.HostContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

/**
 * Run as a separate JVM by {@link ScheduledJobsCrashTest}: one scheduler pass of the configuration given, at the
 * instant given (UTC), to be killed while its job writes. Arguments: configuration file, instant.
 */
public final class ScheduledJobsCrashChild {

    private ScheduledJobsCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        var config = ConfigLoader.load(Path.of(args[0])).config();
        Clock clock = Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC);
        try (ScheduledJobs jobs = new ScheduledJobs(config, new JobReports(), ScheduledJobs.Options.defaults()
                .withClock(clock).withHost(new HostContext("child", ZoneOffset.UTC)))) {
            System.out.println("passing");
            System.out.flush();
            for (CompletableFuture<JobReports.Run> run : jobs.pass()) {
                System.out.println("finished " + run.get());
            }
        }
        System.out.flush();
    }
}
