package org.confero.server.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SdpParserTest {
    private static final String PHONE_OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 127.0.0.1",
            "s=-",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 8 9 101",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-16",
            "a=ptime:20",
            "a=sendonly",
            "") ;

    @Test
    void deskPhoneOfferIsUnderstood() {
        SessionDescription sdp = parsed(PHONE_OFFER);
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.port()).isEqualTo(49170);
        assertThat(audio.payloadTypes()).containsExactly(0, 8, 9, 101);
        assertThat(audio.rtpMap(0)).get().extracting(RtpMap::encodingName).isEqualTo("PCMU");
        assertThat(audio.rtpMap(9)).get().extracting(RtpMap::encodingName).isEqualTo("G722");
        assertThat(audio.rtpMap(101)).get().extracting(RtpMap::encodingName).isEqualTo("telephone-event");
        assertThat(audio.fmtp(101)).contains("0-16");
        assertThat(sdp.connectionFor(audio)).get().extracting(Connection::address).isEqualTo("127.0.0.1");
        assertThat(sdp.directionOf(audio)).isEqualTo(Direction.SENDONLY);
        assertThat(sdp.directionOf(audio).answer()).isEqualTo(Direction.RECVONLY);
    }

    @Test
    void writtenSdpParsesBackToTheSameDescription() {
        SessionDescription sdp = parsed(PHONE_OFFER);
        assertThat(parsed(sdp.encode())).isEqualTo(sdp);
        assertThat(sdp.encode()).startsWith("v=0\r\no=alice").contains("a=rtpmap:101 telephone-event/8000\r\n");
    }

    @Test
    void hostileBodiesAreRejectedWithAReason() {
        assertThat(SdpParser.parse("")).isInstanceOf(SdpParser.SdpResult.Invalid.class);
        assertThat(SdpParser.parse("hello")).isInstanceOf(SdpParser.SdpResult.Invalid.class);
        assertThat(SdpParser.parse("v=0\r\ns=-\r\n")).isInstanceOf(SdpParser.SdpResult.Invalid.class);
        assertThat(SdpParser.parse("v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\nm=audio 99999 RTP/AVP 0\r\n"))
                .isInstanceOf(SdpParser.SdpResult.Invalid.class);
        assertThat(SdpParser.parse("v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\n" + "m=audio 1 RTP/AVP 0\r\n".repeat(17)))
                .isInstanceOf(SdpParser.SdpResult.Invalid.class);
        assertThat(SdpParser.parse("v=0\r\n" + "a=x\r\n".repeat(20_000)))
                .isInstanceOf(SdpParser.SdpResult.Invalid.class);
        SdpParser.SdpResult bad = SdpParser.parse("v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\nc=IN X25 1\r\n");
        assertThat(bad).isInstanceOf(SdpParser.SdpResult.Invalid.class);
        assertThat(((SdpParser.SdpResult.Invalid) bad).reason()).isNotBlank();
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder("v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\n");
            int n = random.nextInt(200);
            for (int j = 0; j < n; j++) {
                s.append((char) (random.nextInt(96) + 10));
            }
            assertThat(SdpParser.parse(s.toString())).isNotNull();
        }
    }

    private static SessionDescription parsed(String text) {
        SdpParser.SdpResult result = SdpParser.parse(text);
        assertThat(result).isInstanceOf(SdpParser.SdpResult.Parsed.class);
        return ((SdpParser.SdpResult.Parsed) result).sdp();
    }
}
