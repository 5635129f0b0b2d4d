package org.confero.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.confero.server.config.HttpConfig;
import org.junit.jupiter.api.Test;

class ListenersTest {
    @Test
    void configuredZeroMeansOffAndEphemeralIsOnlyForTests() {
        assertThat(Listeners.from(new HttpConfig(8080, 0, Optional.empty(), "")))
                .isEqualTo(new Listeners(8080, Listeners.OFF));
        assertThat(Listeners.from(new HttpConfig(0, 8443, Optional.empty(), "")))
                .isEqualTo(new Listeners(Listeners.OFF, 8443));
        assertThat(Listeners.ephemeral()).isEqualTo(new Listeners(0, 0));
        assertThatThrownBy(() -> new Listeners(-2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Listeners(0, 70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
