package org.confero.mixer.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpParserTest {
    private final RtcpParser parser = new RtcpParser();
    private final RecordingRtcpListener listener = new RecordingRtcpListener();

    @Test
    void senderReportWithBlockAndCnameAsOnTheWireIsReported() {
        // SR (RC=1, length 12 words) from 0x00000001: NTP 0xE6A1B2C3.80000000, RTP ts 160000, 50 packets,
        // 8000 octets; block about 0x00000002: 25/256 lost, 3 cumulative, ext seq 0x00010005, jitter 12,
        // LSR 0x12345678, DLSR 0x00008000 (0.5 s). Then SDES (SC=1, 3 words) CNAME "ab" + null + padding.
        byte[] wire = HexFormat.of().parseHex(
                "81c8000c" + "00000001" + "e6a1b2c3" + "80000000" + "00027100" + "00000032" + "00001f40"
                        + "00000002" + "19000003" + "00010005" + "0000000c" + "12345678" + "00008000"
                        + "81ca0003" + "00000001" + "01026162" + "00000000");
        assertThat(parser.parse(wire, 0, wire.length, listener)).isEqualTo(RtcpParseResult.OK);
        assertThat(listener.events).containsExactly(
                "SR 1 ntp=e6a1b2c380000000 rtp=160000 p=50 o=8000",
                "block 1->2 f=25 lost=3 seq=65541 j=12 lsr=305419896 dlsr=32768",
                "CNAME 1 ab");
        assertThat(parser.parsedCount()).isEqualTo(1);
    }

    @Test
    void everyWrittenPacketTypeParsesBackInOneCompound() {
        byte[] buf = new byte[1500];
        int off = 3; // an unaligned start must not matter
        int pos = off;
        ReportBlock block = new ReportBlock(0xAABBCCDDL, 128, -5, 0x0002_FFFFL, 99, 0x11112222L, 655_36L);
        pos += RtcpWriter.writeReceiverReport(buf, pos, 7, List.of(block));
        pos += RtcpWriter.writeSdesCname(buf, pos, 7, "confero@room-1");
        pos += RtcpWriter.writeNack(buf, pos, 7, 9, new int[] {65534, 65535, 0, 17, 40}, 5);
        pos += RtcpWriter.writePli(buf, pos, 7, 9);
        pos += RtcpWriter.writeFir(buf, pos, 7, 9, 42);
        pos += RtcpWriter.writeRemb(buf, pos, 7, 1_500_000, new long[] {9, 0xFFFFFFFFL});
        pos += RtcpWriter.writeBye(buf, pos, 7, "hangup");

        assertThat(parser.parse(buf, off, pos - off, listener)).isEqualTo(RtcpParseResult.OK);
        assertThat(listener.events).containsExactly(
                "RR 7 blocks=1",
                "block 7->2864434397 f=128 lost=-5 seq=196607 j=99 lsr=286335522 dlsr=65536",
                "CNAME 7 confero@room-1",
                // 65534 is the PID; 65535 and 0 are bits 0 and 1; 17 and 40 are beyond 16 and start entries.
                "NACK 7->9 pid=65534 blp=11",
                "NACK 7->9 pid=17 blp=0",
                "NACK 7->9 pid=40 blp=0",
                "PLI 7->9",
                "FIR 7->9 seq=42",
                // 1 500 000 does not fit 18 bits: mantissa 187500 × 2^3, exact.
                "REMB 7 1500000 [9,4294967295]",
                "BYE 7");
    }

    @Test
    void senderReportWriterRoundTripsTheFullNtpTime() {
        byte[] buf = new byte[100];
        int n = RtcpWriter.writeSenderReport(buf, 0, 0xFFFFFFFFL, 0xE6A1_B2C3_0000_0001L, 0xFFFFFFFFL, 1, 2, List.of());
        assertThat(n).isEqualTo(28);
        assertThat(parser.parse(buf, 0, n, listener)).isEqualTo(RtcpParseResult.OK);
        assertThat(listener.events).containsExactly("SR 4294967295 ntp=e6a1b2c300000001 rtp=4294967295 p=1 o=2");
    }

    @Test
    void nackBitmaskExpandsToTheLostSequenceNumbers() {
        StringBuilder lost = new StringBuilder();
        RtcpFeedback.forEachNackedSequence(65534, 0b1000_0000_0000_0011, s -> lost.append(s).append(' '));
        assertThat(lost.toString().trim()).isEqualTo("65534 65535 0 14");
    }

    @Test
    void writersRefuseWhatDoesNotFit() {
        byte[] small = new byte[11];
        assertThat(RtcpWriter.writePli(small, 0, 1, 2)).isEqualTo(-1);
        assertThat(RtcpWriter.writeReceiverReport(small, 4, 1, List.of())).isEqualTo(-1);
        assertThat(RtcpWriter.writeNack(new byte[64], 0, 1, 2, new int[0], 0)).isEqualTo(-1);
        assertThat(RtcpWriter.writeSdesCname(new byte[64], 0, 1, "x".repeat(256))).isEqualTo(-1);
    }

    @Test
    void malformedCompoundPacketsAreRejectedWithoutCallbacks() {
        HexFormat hex = HexFormat.of();
        assertRejected(hex.parseHex("80c9"), RtcpParseResult.TOO_SHORT);
        assertRejected(hex.parseHex("80c90001deadbe"), RtcpParseResult.TOO_SHORT);
        assertRejected(hex.parseHex("40c9000100000001"), RtcpParseResult.BAD_VERSION);
        assertRejected(hex.parseHex("80c9000500000001"), RtcpParseResult.BAD_LENGTH);
        assertRejected(hex.parseHex("81c9000100000001"), RtcpParseResult.TRUNCATED_REPORT);
        assertRejected(hex.parseHex("80ca000100000001"), RtcpParseResult.BAD_FIRST_PACKET);
        // Padding bit on the first of two packets (RFC 3550 §6.4.1: only the last may be padded).
        assertRejected(hex.parseHex("a0c9000100000001" + "80cb000100000001"), RtcpParseResult.BAD_PADDING);
        // Valid RR followed by an SDES chunk without its terminating null octet.
        assertRejected(hex.parseHex("80c9000100000001" + "81ca000200000001" + "01026162"),
                RtcpParseResult.TRUNCATED_REPORT);
        // REMB claiming 3 SSRCs but carrying 1.
        assertRejected(hex.parseHex("8fce000500000001" + "00000000" + "52454d42" + "03000001" + "00000009"),
                RtcpParseResult.TRUNCATED_REPORT);
        assertThat(listener.events).isEmpty();
        assertThat(parser.rejectedCount()).isEqualTo(9);
        assertThat(parser.rejectedCount(RtcpParseResult.TRUNCATED_REPORT)).isEqualTo(3);
    }

    @Test
    void paddingInTheLastPacketIsAcceptedAndIgnored() {
        // RR with P bit, length 2 words: SSRC + 4 padding bytes ending in 4.
        byte[] wire = HexFormat.of().parseHex("a0c90002" + "00000005" + "00000004");
        assertThat(parser.parse(wire, 0, wire.length, listener)).isEqualTo(RtcpParseResult.OK);
        assertThat(listener.events).containsExactly("RR 5 blocks=0");
    }

    @Test
    void unknownTypesAreSkippedAndReported() {
        byte[] wire = HexFormat.of().parseHex("80c9000100000005" + "80cc000200000005" + "6e616d65");
        assertThat(parser.parse(wire, 0, wire.length, listener)).isEqualTo(RtcpParseResult.OK);
        assertThat(listener.events).containsExactly("RR 5 blocks=0", "other 204/0");
    }

    @Test
    void randomAndMutatedPacketsNeverThrow() {
        Random random = new Random(4585);
        byte[] valid = new byte[200];
        int validLength = RtcpWriter.writeReceiverReport(valid, 0, 1,
                List.of(new ReportBlock(2, 0, 0, 0, 0, 0, 0)));
        validLength += RtcpWriter.writeSdesCname(valid, validLength, 1, "cname");
        validLength += RtcpWriter.writeRemb(valid, validLength, 1, 300_000, new long[] {2});
        byte[] buf = new byte[200];
        RtcpListener ignore = new RtcpListener() {};
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            int len;
            if ((i & 1) == 0) {
                random.nextBytes(buf);
                buf[0] = (byte) (0x80 | (buf[0] & 0x3f));
                len = random.nextInt(buf.length + 1) & ~3;
            } else {
                System.arraycopy(valid, 0, buf, 0, validLength);
                buf[random.nextInt(validLength)] = (byte) random.nextInt(256);
                len = validLength;
            }
            if (parser.parse(buf, 0, len, ignore) == RtcpParseResult.OK) {
                accepted++;
            }
        }
        assertThat(accepted).isPositive();
        assertThat(parser.rejectedCount()).isPositive();
    }

    private void assertRejected(byte[] wire, RtcpParseResult expected) {
        assertThat(parser.parse(wire, 0, wire.length, listener)).isEqualTo(expected);
    }
}
