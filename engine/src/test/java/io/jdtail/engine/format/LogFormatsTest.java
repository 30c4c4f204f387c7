package io.jdtail.engine.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdtail.engine.plan.PlanRequest;
import io.jdtail.engine.plan.Planner;
import io.jdtail.engine.plan.PlannerSettings;
import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The log formats on the class path: found at once, or (for the clients) when a query first needs one. */
class LogFormatsTest {

    /** The test class path's loader, counting the searches for service files (each searches every jar). */
    private static final class CountingLoader extends ClassLoader {
        final AtomicInteger searches = new AtomicInteger();

        CountingLoader() {
            super(LogFormatsTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/")) {
                searches.incrementAndGet();
            }
            return super.getResources(name);
        }
    }

    @Test
    void onFirstUseFindsWhatLoadFindsWhenAsked() {
        CountingLoader loader = new CountingLoader();
        LogFormats formats = LogFormats.onFirstUse(loader);

        assertThat(loader.searches).hasValue(0);
        assertThat(formats.all().keySet()).isEqualTo(LogFormats.load(LogFormatsTest.class.getClassLoader()).all().keySet());
        assertThat(formats.contains("testkv")).isTrue();
        assertThat(loader.searches).hasValue(1);
    }

    @Test
    void aGrepIsPlannedWithoutLookingForFormatsAndAQueryLooksOnce() {
        CountingLoader loader = new CountingLoader();
        Planner planner = new Planner(LogFormats.onFirstUse(loader), PlannerSettings.DEFAULTS);

        planner.plan(new PlanRequest(PlanRequest.Mode.GREP, List.of("a.log"), "ERROR", false, 0, 0, 0, Optional.empty()));
        assertThat(loader.searches).hasValue(0);

        planner.planQuery(List.of("a.log"), "select count($line) logformat testkv");
        planner.planQuery(List.of("a.log"), "select count($line) group by $line logformat testkv");
        assertThat(loader.searches).hasValue(1);
    }
}
