package org.confero.server.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.confero.server.peers.BaresipConfig.PhoneCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BaresipPhonesTest {

    @Test
    void threePhonesInACallAreAllEndedTogetherWithinAFewSeconds() {
        List<BaresipPhone> started;
        long closing;
        try (BaresipPhones phones = new BaresipPhones()) {
            BaresipPhone a = phones.add(BaresipPhone.builder("a").tone(400).codecs(PhoneCodec.PCMU));
            BaresipPhone b = phones.add(BaresipPhone.builder("b").tone(700).codecs(PhoneCodec.PCMU).autoAnswer());
            phones.add(BaresipPhone.builder("c").tone(1100).codecs(PhoneCodec.OPUS));
            a.dial(b.directUri());
            b.waitForEvent("CALL_ESTABLISHED", Duration.ofSeconds(5));
            started = phones.all();
            assertThat(started).allMatch(BaresipPhone::isRunning);
            closing = System.nanoTime();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(6));
        assertThat(started).noneMatch(BaresipPhone::isRunning);
        assertThat(BaresipDirectCallTest.baresipProcessesOfOurs()).isEmpty();
    }
}
