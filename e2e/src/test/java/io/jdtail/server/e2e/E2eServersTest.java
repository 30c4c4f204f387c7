package io.jdtail.server.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test with real dservers on 127.0.0.1: a fresh {@link E2eServers} in a temporary directory for every test, closed
 * (servers stopped) after it. A subclass's own {@code @BeforeEach} runs after the fixture is made, its
 * {@code @AfterEach} before the fixture is closed.
 */
abstract class E2eServersTest {

    @TempDir
    Path dir;
    E2eServers fixture;

    @BeforeEach
    final void startE2eServers() throws Exception {
        fixture = new E2eServers(dir);
    }

    @AfterEach
    final void closeE2eServers() {
        fixture.close();
    }
}
