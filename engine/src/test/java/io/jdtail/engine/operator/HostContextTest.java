package io.jdtail.engine.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The host's values for {@code $timezone} and {@code $timeoffset}: the local zone is looked up on first use. */
class HostContextTest {

    @Test
    void theLocalHostIsInTheDefaultZone() {
        HostContext local = HostContext.local();

        assertThat(local.zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(local.timezoneName()).isEqualTo(ZoneId.systemDefault().getDisplayName(TextStyle.SHORT, Locale.ROOT));
        assertThat(local.timeOffset())
                .isEqualTo(ZoneId.systemDefault().getRules().getOffset(Instant.now()).getId().replace("Z", "+00:00").replace(":", ""));
    }

    @Test
    void aGivenZoneIsKept() {
        HostContext host = new HostContext("h", ZoneOffset.ofHours(2));

        assertThat(host.hostname()).isEqualTo("h");
        assertThat(host.zone()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(host.timeOffset()).isEqualTo("+0200");
    }
}
