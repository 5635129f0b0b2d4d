package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TelephoneEventDecoderTest {
    private final StringBuilder digits = new StringBuilder();
    private final TelephoneEventDecoder decoder = new TelephoneEventDecoder(digits::append);

    /** RFC 4733 §2.3 payload: event, E|R|volume, duration. */
    private void event(long ts, int code, boolean end, int duration) {
        byte[] p = {(byte) code, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >>> 8), (byte) duration};
        decoder.onPayload(ts, p, 0, p.length);
    }

    @Test
    void aDigitWithUpdatesAndTripleEndIsReportedOnce() {
        event(1000, 5, false, 160);
        event(1000, 5, false, 320);
        event(1000, 5, false, 480);
        event(1000, 5, true, 640);
        event(1000, 5, true, 640);
        event(1000, 5, true, 640);
        assertThat(digits).hasToString("5");
    }

    @Test
    void onlyTheEndPacketsSurvivingStillGiveTheDigit() {
        event(1000, 11, true, 800);
        event(1000, 11, true, 800);
        assertThat(digits).hasToString("#");
    }

    @Test
    void theSameDigitPressedTwiceIsTwoDigits() {
        event(1000, 1, false, 160);
        event(1000, 1, true, 800);
        event(1000, 1, true, 800);
        event(3000, 1, false, 160);
        event(3000, 1, true, 800);
        assertThat(digits).hasToString("11");
    }

    @Test
    void aNewEventWithoutAnEndPacketStartsANewDigit() {
        event(1000, 2, false, 160);
        event(1000, 2, false, 320);          // its end packets were all lost
        event(2600, 2, false, 160);
        event(4000, 3, false, 160);
        assertThat(digits).hasToString("223");
    }

    @Test
    void allSixteenEventsMapToTheirDigits() {
        for (int code = 0; code < 16; code++) {
            event(1000L * (code + 1), code, true, 400);
        }
        assertThat(digits).hasToString("0123456789*#ABCD");
    }

    @Test
    void lateRetransmissionsOfAnOlderEventAreIgnored() {
        event(1000, 4, true, 400);
        event(2000, 6, false, 160);
        event(1000, 4, true, 400);           // reordered copy of the first event's end
        assertThat(digits).hasToString("46");
        assertThat(decoder.ignoredCount()).isEqualTo(1);
    }

    @Test
    void timestampWrapAroundDoesNotHideTheNextDigit() {
        event(0xFFFF_FF00L, 7, true, 400);
        event(0x0000_0100L, 8, false, 160);
        assertThat(digits).hasToString("78");
    }

    @Test
    void aLongEventContinuingInANewSegmentIsOneDigit() {
        // RFC 4733 §2.5.1.3: the duration saturates at 0xFFFF, the next segment starts at ts + 0xFFFF.
        event(1000, 9, false, 0xFFFF);
        event(1000 + 0xFFFF, 9, false, 800);
        event(1000 + 0xFFFF, 9, true, 1600);
        assertThat(digits).hasToString("9");
    }

    @Test
    void garbageIsIgnoredWithoutThrowing() {
        decoder.onPayload(1, new byte[] {1, 2}, 0, 2);
        decoder.onPayload(2, new byte[4], 2, 4);
        event(3, 16, false, 160);            // flash-hook and beyond are not digits
        event(4, 200, true, 160);
        Random random = new Random(4733);
        byte[] p = new byte[8];
        for (int i = 0; i < 10_000; i++) {
            random.nextBytes(p);
            p[0] = (byte) (16 + random.nextInt(240));
            decoder.onPayload(random.nextInt(), p, 0, random.nextInt(9));
        }
        assertThat(digits).isEmpty();
        assertThat(decoder.ignoredCount()).isGreaterThanOrEqualTo(10_004);
    }

    @Test
    void rtpPacketsCarryTheEventStartTimestamp() {
        byte[] packet = new byte[16];
        RtpPacket.writeHeader(packet, 0, 101, true, 1, 8000, 5);
        packet[12] = 10;   // '*'
        packet[15] = (byte) 160;
        RtpPacket rtp = new RtpPacket();
        assertThat(rtp.wrap(packet, 0, packet.length)).isTrue();
        decoder.onPacket(rtp);
        decoder.onPacket(rtp);
        assertThat(digits).hasToString("*");
    }
}
