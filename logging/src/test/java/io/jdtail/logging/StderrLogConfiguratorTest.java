package io.jdtail.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class StderrLogConfiguratorTest {

    @Test
    void logsToStderrWithSshdQuietAndStopsTheSearchForOtherConfigurations() {
        LoggerContext context = new LoggerContext();
        StderrLogConfigurator configurator = new StderrLogConfigurator(false);
        configurator.setContext(context);

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, root.getAppender(StderrLogConfigurator.APPENDER));
        assertEquals("System.err", console.getTarget());
        assertEquals(Level.toLevel(System.getenv("JDTAIL_LOG_LEVEL"), Level.INFO), root.getLevel());
        assertEquals(Level.ERROR, context.getLogger("org.apache.sshd.client.SshClient").getEffectiveLevel());
        context.stop();
    }

    @Test
    void leavesTheConfigurationToAnExplicitFile() {
        LoggerContext context = new LoggerContext();
        StderrLogConfigurator configurator = new StderrLogConfigurator(true);
        configurator.setContext(context);

        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
        assertNull(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(StderrLogConfigurator.APPENDER));
    }
}
