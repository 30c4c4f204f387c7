package io.jdtail.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.LogFormats;
import org.junit.jupiter.api.Test;

class LogFormatsTest {

    @Test
    void serviceLoaderFindsEveryBuiltInFormatByName() {
        LogFormats formats = LogFormats.load();
        assertInstanceOf(DefaultLogFormat.class, formats.byName("default").orElseThrow());
        assertInstanceOf(GenericLogFormat.class, formats.byName("generic").orElseThrow());
        assertInstanceOf(GenericKvLogFormat.class, formats.byName("generickv").orElseThrow());
        assertInstanceOf(CsvLogFormat.class, formats.byName("csv").orElseThrow());
        assertInstanceOf(JsonLogFormat.class, formats.byName("json").orElseThrow());
        assertInstanceOf(LogfmtLogFormat.class, formats.byName("logfmt").orElseThrow());
        assertFalse(formats.contains("Default"));
    }

    @Test
    void namesAndDescriptions() {
        for (LogFormat f : LogFormats.load().all().values()) {
            assertEquals(f.name().toLowerCase(java.util.Locale.ROOT), f.name());
            assertFalse(f.name().contains(" "));
            assertFalse(f.description().isBlank());
            assertFalse(f.description().contains("\n"));
        }
        assertTrue(LogFormats.load().byName("csv").orElseThrow().readsHeaderLine());
        assertFalse(LogFormats.load().byName("default").orElseThrow().readsHeaderLine());
    }
}
