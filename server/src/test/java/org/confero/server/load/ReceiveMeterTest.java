package org.confero.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3550 counting across a sequence wrap, and the window's own expected count and gap. */
class ReceiveMeterTest {
    private static final long MS = 1_000_000L;

    @Test
    void countsLossAcrossASequenceWrapAndTheLongestGapInTheWindow() {
        MeasureWindow window = new MeasureWindow();
        window.open(1_000 * MS);
        ReceiveMeter meter = new ReceiveMeter(8_000, window);
        long ts = 0;
        int seq = 65_530;
        long at = 0;
        for (int i = 0; i < 200; i++) {
            boolean lost = i == 120 || i == 121;
            boolean stalled = i >= 150 && i < 160;
            if (!lost && !stalled) {
                meter.onPacket(seq, ts, at);
            }
            seq = (seq + 1) & 0xffff;
            ts += 160;
            at += 20 * MS;
        }
        window.close(at);
        assertThat(meter.expected()).isEqualTo(200);
        assertThat(meter.received()).isEqualTo(188);
        // packets 50..199 are in the window; the highest sent inside it is 199
        assertThat(meter.windowExpected()).isEqualTo(150);
        assertThat(meter.windowReceived()).isEqualTo(138);
        assertThat(meter.maxWindowGapNanos()).isEqualTo(220 * MS);
        assertThat(meter.jitterMillis()).isLessThan(0.01);
    }
}
