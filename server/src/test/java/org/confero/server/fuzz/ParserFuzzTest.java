package org.confero.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.confero.mixer.rtp.HeaderExtensions;
import org.confero.mixer.rtp.RtcpListener;
import org.confero.mixer.rtp.RtcpParser;
import org.confero.mixer.rtp.RtpPacket;
import org.confero.mixer.rtp.TelephoneEventDecoder;
import org.confero.mixer.video.EncodedFrame;
import org.confero.mixer.video.VideoCodec;
import org.confero.mixer.video.rtp.VideoDepacketizer;
import org.confero.server.sdp.AudioOfferAnswer;
import org.confero.server.sdp.SdpParser;
import org.confero.server.sdp.VideoOfferAnswer;
import org.confero.server.signalling.MessageCodec;
import org.confero.server.webrtc.ice.IceCandidate;
import org.confero.server.webrtc.ice.StunShape;
import org.confero.server.webrtc.srtp.PacketKind;
import org.ice4j.StunException;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;

/**
 * 20,000 mutated cases per parser (seed 4475): SDP with the offer/answer selection behind it, the signalling JSON,
 * RTP and RTCP with what reads them on the media path, the video depacketizers, and STUN as ice4j reads it at our
 * port. None may throw outside its documented error path, hang, or allocate without bound. The SIP parser has its
 * own run in {@code org.confero.server.sip.SipParserFuzzTest}.
 */
class ParserFuzzTest {
    static final long SEED = 4475;
    static final int CASES = 20_000;
    private static final Fuzzer FUZZER = new Fuzzer(SEED, 2_000, 32 * 1024 * 1024);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sdpParserAndOfferAnswerNeverThrow() throws Exception {
        List<byte[]> samples = List.of(
                ascii("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                        + "m=audio 4000 RTP/AVP 111 0 101\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n"
                        + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n"
                        + "m=video 5000 RTP/AVPF 96 97\r\na=rtpmap:96 VP8/90000\r\na=fmtp:96 max-fs=3600;max-fr=30\r\n"
                        + "a=rtpmap:97 H264/90000\r\na=fmtp:97 profile-level-id=42e01f;packetization-mode=1\r\n"
                        + "a=rtcp-fb:* nack pli\r\nb=AS:2000\r\na=rtcp:5001 IN IP4 192.0.2.1\r\n"),
                resource("/webrtc/chromium-156-offer.sdp"), resource("/webrtc/firefox-offer.sdp"));
        Fuzzer.Report report = FUZZER.run("sdp", samples, CASES, Set.of(), input -> {
            if (SdpParser.parse(new String(input, StandardCharsets.UTF_8)) instanceof SdpParser.SdpResult.Parsed p) {
                AudioOfferAnswer.select(p.sdp());
                VideoOfferAnswer.select(p.sdp());
            }
        });
        System.out.println(report);
        assertThat(report.cases()).isEqualTo(CASES);
    }

    @Test
    void signallingMessagesAreDecodedOrRefusedNeverThrown() throws Exception {
        MessageCodec codec = new MessageCodec();
        List<byte[]> samples = List.of(
                ascii("{\"type\":\"join\",\"room\":\"demo\",\"name\":\"Ada\",\"pin\":\"1234\"}"),
                ascii("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n\"}"),
                ascii("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host\","
                        + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"),
                ascii("{\"type\":\"mute\",\"audio\":true,\"video\":false}"), ascii("{\"type\":\"leave\"}"),
                ascii("{\"type\":\"layout\",\"layout\":\"grid\"}"));
        Fuzzer.Report report = FUZZER.run("signalling-json", samples, CASES, Set.of(),
                input -> codec.decode(new String(input, StandardCharsets.UTF_8)));
        System.out.println(report);
        Fuzzer.Report candidates = FUZZER.run("ice-candidate", List.of(
                ascii("candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host generation 0"),
                ascii("candidate:842163049 1 udp 1677729535 198.51.100.7 61665 typ srflx raddr 10.0.0.1 rport 61665")),
                CASES / 4, Set.of(), input -> IceCandidate.parse(new String(input, StandardCharsets.UTF_8)));
        System.out.println(candidates);
    }

    @Test
    void rtpAndRtcpAreReadOrDroppedNeverThrown() throws Exception {
        byte[] rtp = new byte[12 + 8 + 160];
        RtpPacket.writeHeader(rtp, 0, 0, true, 4711, 160_000, 0x12345678L);
        rtp[0] |= 0x10; // a one-byte header extension (RFC 8285) with an audio level
        rtp[12] = (byte) 0xBE; rtp[13] = (byte) 0xDE; rtp[15] = 1; rtp[16] = 0x10; rtp[17] = (byte) 0x85;
        byte[] dtmf = new byte[16];
        RtpPacket.writeHeader(dtmf, 0, 101, true, 1, 8000, 7L);
        dtmf[12] = 5; dtmf[13] = (byte) 0x8A; dtmf[15] = (byte) 0xA0;
        byte[] rtcp = hex("81c9000712345678" + "87654321" + "05000010" + "0000ff00" + "00000010" + "00000000"
                + "00000000" + "81cd000312345678876543210001000f" + "81ce00021234567887654321"
                + "81ca00061234567801064a6f6e61733a0000000000000000");
        RtpPacket packet = new RtpPacket();
        HeaderExtensions extensions = new HeaderExtensions();
        TelephoneEventDecoder digits = new TelephoneEventDecoder(digit -> { });
        RtcpParser rtcpParser = new RtcpParser();
        RtcpListener ignore = new RtcpListener() { };
        Fuzzer.Report report = FUZZER.run("rtp+rtcp", List.of(rtp, dtmf, rtcp), CASES, Set.of(), input -> {
            PacketKind.of(input, 0, input.length);
            if (RtpPacket.isRtcp(input, 0, input.length)) {
                RtcpParser.validate(input, 0, input.length);
                rtcpParser.parse(input, 0, input.length, ignore);
            } else if (packet.wrap(input, 0, input.length)) {
                extensions.audioLevel(packet, 1);
                extensions.voiceActivity(packet, 1);
                digits.onPacket(packet);
            }
        });
        System.out.println(report);
    }

    @Test
    void videoDepacketizersAnswerMalformedNeverThrow() throws Exception {
        byte[] vp8 = hex("9080" + "8001" + "10" + "9d012a" + "8002" + "6801" + "00112233445566778899");
        byte[] stapA = hex("78" + "000a" + "6742c01fda0140169b" + "0004" + "68ce3c80" + "0005" + "6588840021");
        byte[] fuA = hex("7c85" + "88840021aabbccddeeff0011");
        byte[] single = hex("6588840021aabbccdd");
        for (VideoCodec codec : VideoCodec.values()) {
            VideoDepacketizer depacketizer = VideoDepacketizer.forCodec(codec);
            EncodedFrame frame = new EncodedFrame(codec, 4096);
            List<byte[]> samples = codec == VideoCodec.VP8 ? List.of(vp8) : List.of(stapA, fuA, single);
            Fuzzer.Report report = FUZZER.run("depacketize-" + codec, samples, CASES / 2, Set.of(), input -> {
                depacketizer.isFrameStart(input, 0, input.length);
                depacketizer.beginFrame();
                frame.reset(0, false);
                depacketizer.append(frame, input, 0, input.length, 64 * 1024);
                depacketizer.append(frame, input, 0, input.length, 64 * 1024);
                depacketizer.finishFrame(frame);
            });
            System.out.println(report);
        }
    }

    @Test
    void stunAsIce4jReadsItAtOurPortThrowsOnlyStunExceptions() throws Exception {
        // ice4j's Message.decode throws ArrayIndexOutOfBoundsException for truncated attributes and address
        // attributes whose length does not fit their family (found by this run): what does not have StunShape's
        // shape never reaches it from our first-packet path. What it still throws on shaped packets is counted.
        // ice4j's single-port listener reads the USERNAME of every first packet from a new address
        Method ufrag = Class.forName("org.ice4j.ice.harvest.AbstractUdpListener")
                .getDeclaredMethod("getUfrag", byte[].class, int.class, int.class);
        ufrag.setAccessible(true);
        byte[] binding = hex("0001" + "0024" + "2112a442" + "0102030405060708090a0b0c"
                + "0006" + "0009" + "616263643a65666768000000" // USERNAME abcd:efgh
                + "0024" + "0004" + "6e7f1eff"                  // PRIORITY
                + "8029" + "0008" + "0102030405060708");         // ICE-CONTROLLED
        byte[] response = hex("0101" + "000c" + "2112a442" + "0102030405060708090a0b0c"
                + "0020" + "0008" + "0001" + "e1ba" + "5e12a443");  // XOR-MAPPED-ADDRESS
        java.util.Map<String, Integer> ice4jLeaks = new java.util.TreeMap<>();
        Fuzzer.Report report = FUZZER.run("stun", List.of(binding, response), CASES, Set.of(), input -> {
            PacketKind.of(input, 0, input.length);
            ufrag.invoke(null, input, 0, input.length);
            if (StunShape.isWellFormed(input, 0, input.length)) {
                try {
                    Message.decode(input, 0, input.length);
                } catch (StunException e) {
                    // ice4j's documented refusal
                } catch (RuntimeException e) {
                    ice4jLeaks.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                }
            }
        });
        System.out.println(report + "; ice4j's own decoder still threw on shaped packets: " + ice4jLeaks);
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    private static byte[] resource(String name) {
        try (var in = ParserFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<byte[]> list(byte[]... samples) {
        return new ArrayList<>(List.of(samples));
    }
}
